// Sign in: a user app token, checked with GET /v1/me before it is kept (in this tab only).
import { api } from '../api.js';
import { h, field } from '../dom.js';
import { session } from '../session.js';

/** After a reload: the tab still holds a token; ask the API who it is. False when it is no good. */
export async function restoreSession() {
  const token = session.token;
  session.end(); // kept again only if the API still accepts it
  try {
    session.start(token, await api('GET', 'v1/me', undefined, token));
    return true;
  } catch (e) {
    session.end(e.status === 401 ? 'Your session has ended: the token is no longer accepted. Sign in again.' : e.message);
    return false;
  }
}

export function signInPage(view, signedIn) {
  view.title('Sign in');
  const input = h('input', {
    type: 'password', name: 'token', required: true, autocomplete: 'off', spellcheck: 'false',
    autocapitalize: 'off', class: 'mono', autofocus: true,
  });
  const message = h('p', { class: 'form-error', role: 'alert', id: 'signin-message' });
  const button = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  if (session.endedBecause) {
    message.textContent = session.endedBecause;
    session.endedBecause = null;
  }
  const form = h('form', { class: 'card', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title', tabindex: '-1' }, 'Sign in to Access Management'),
    h('p', {}, 'Paste the user app token of a Global User Admin (a non-interactive user with the Developer and Global User Admin roles). It is kept in this browser tab only, until you sign out or close the tab.'),
    field('User app token', input, 'A 48-character token that starts with uat_.'),
    message,
    h('div', { class: 'actions' }, button));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) {
      message.textContent = 'Paste a user app token first.';
      input.focus();
      return;
    }
    button.disabled = true;
    message.textContent = '';
    try {
      const me = await api('GET', 'v1/me', undefined, token);
      input.value = '';
      session.start(token, me);
      signedIn();
    } catch (e) {
      message.textContent = e.status === 401 || e.status === 403
        ? 'That token was not accepted: it is unknown, revoked or expired, or its user may not use the API.'
        : e.message;
      input.focus();
    } finally {
      button.disabled = false;
    }
  });
  view.main.append(form);
  input.focus();
}
