// The admin API, called with the signed-in token. Errors come back as ApiError with the problem
// body's detail (or the gateway's message); a 401 for the session's token ends the session.
import { session } from './session.js';

// The console is served at <api>/console/, so the API is one level up (works behind a stage prefix too).
const ROOT = new URL('../', document.baseURI);

export class ApiError extends Error {
  constructor(status, body) {
    super(messageOf(status, body));
    this.status = status;
    this.code = body && typeof body === 'object' ? body.code ?? null : null;
  }
}

function messageOf(status, body) {
  if (body && typeof body === 'object') {
    for (const key of ['detail', 'title', 'message']) {
      if (typeof body[key] === 'string' && body[key]) {
        return body[key];
      }
    }
  }
  return status ? `The API answered ${status}.` : 'The API could not be reached. Check the connection and try again.';
}

let unauthenticated = () => {};

/** Called when the session's token is refused with 401 (revoked, expired, its user changed). */
export function onUnauthenticated(handler) {
  unauthenticated = handler;
}

/**
 * One API call. path is relative to the API root ('v1/users'); body, when given, is sent as JSON.
 * token defaults to the session's; the sign-in page passes the one it is checking.
 */
export async function api(method, path, body, token = session.token) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(new URL(path, ROOT), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'error',
    });
  } catch {
    throw new ApiError(0, null);
  }
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.ok) {
    return data;
  }
  const error = new ApiError(response.status, data);
  if (token && token === session.token && (response.status === 401 || await deniedAtTheGate(error, token))) {
    error.sessionEnded = true; // the sign-in page says why; no toast on top of it
    unauthenticated(error);
  }
  throw error;
}

/**
 * Behind API Gateway a token that no longer works is the authorizer's 403 {"message":"Forbidden"}
 * (no problem code), exactly like a permission the user lacks. GET /v1/me, which every valid
 * token may call, tells the two apart.
 */
async function deniedAtTheGate(error, token) {
  if (error.status !== 403 || error.code) {
    return false;
  }
  error.message = 'Forbidden: the API gateway refused this request for the signed-in token.';
  try {
    const me = await fetch(new URL('v1/me', ROOT), {
      headers: { Accept: 'application/json', Authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store',
    });
    return me.status === 401 || me.status === 403;
  } catch {
    return false;
  }
}

/** A path segment from an API value (an id), never able to change the path's shape. */
export const seg = (value) => encodeURIComponent(value);
