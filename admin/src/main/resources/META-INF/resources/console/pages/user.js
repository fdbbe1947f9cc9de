// User Details: names and roles (PATCH), delete; User App Tokens: list, create (with optional
// permissions, within the token policy) and rotate (with an overlap), each with its one-time
// display, and revoke.
import { api, seg } from '../api.js';
import { h, append, fill, field, loginLabel, rolesText, time, binIcon, uid } from '../dom.js';
import { rolePicker } from '../forms.js';
import { confirm, modal, toast, toastError } from '../ui.js';

export async function userPage(view, id, tab) {
  let user;
  try {
    user = await api('GET', `v1/users/${seg(id)}`);
  } catch (e) {
    if (!view.alive()) {
      return;
    }
    view.title('User');
    view.main.append(h('h1', { tabindex: '-1' }, 'User'), h('p', { class: 'form-error', role: 'alert' }, e.message),
      h('p', {}, h('a', { href: '#/users' }, 'Back to the users')));
    return;
  }
  if (!view.alive()) {
    return;
  }
  const name = `${user.firstName} ${user.lastName}`;
  view.title(name);
  const base = `#/users/${encodeURIComponent(user.id)}`;
  const heading = h('h1', { tabindex: '-1' }, name);
  view.main.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/users' }, 'Users'), ' / User Details'),
    heading,
    h('p', { class: 'muted' }, user.email, ' · ', loginLabel(user.loginOption)),
    h('nav', { class: 'tabs', 'aria-label': 'User Details sections' },
      h('a', { href: base, 'aria-current': tab === 'details' ? 'page' : null }, 'Details'),
      h('a', { href: `${base}/tokens`, 'aria-current': tab === 'tokens' ? 'page' : null }, 'User App Tokens')));
  const panel = h('section', { class: 'panel', 'aria-label': tab === 'details' ? 'Details' : 'User App Tokens' });
  view.main.append(panel);
  if (tab === 'details') {
    await details(view, panel, user, heading);
  } else {
    await tokens(view, panel, user);
  }
}

async function details(view, panel, user, heading) {
  let roles = null; // unknown: then the roles are shown but not sent, so a save never drops them
  try {
    roles = (await api('GET', 'v1/roles')).items;
  } catch (e) {
    toastError(e);
  }
  if (!view.alive()) {
    return;
  }
  const first = h('input', { type: 'text', required: true, maxlength: 100, value: user.firstName, autocomplete: 'off' });
  const last = h('input', { type: 'text', required: true, maxlength: 100, value: user.lastName, autocomplete: 'off' });
  const picker = roles ? rolePicker(roles, user.roles) : null;
  const save = h('button', { type: 'submit', class: 'primary' }, 'Save changes');
  const form = h('form', { class: 'card', 'aria-label': 'Edit user' },
    h('dl', { class: 'facts' },
      h('dt', {}, 'Email'), h('dd', {}, user.email),
      h('dt', {}, 'Login option'), h('dd', {}, loginLabel(user.loginOption)),
      h('dt', {}, 'Created'), h('dd', {}, time(user.createdAt)),
      h('dt', {}, 'Created by'), h('dd', {}, user.createdBy ?? '—'),
      h('dt', {}, 'User id'), h('dd', { class: 'mono' }, user.id)),
    field('First name', first),
    field('Last name', last),
    picker ? picker.element : h('p', { class: 'banner' }, `Roles: ${rolesText(user.roles)} (the role list could not be loaded, so they cannot be changed now).`),
    h('div', { class: 'actions' }, save));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    save.disabled = true;
    try {
      const updated = await api('PATCH', `v1/users/${seg(user.id)}`, { firstName: first.value, lastName: last.value, ...(picker ? { roles: picker.value() } : {}) });
      Object.assign(user, updated);
      heading.textContent = `${updated.firstName} ${updated.lastName}`;
      toast(`Saved: ${updated.firstName} ${updated.lastName}, roles ${rolesText(updated.roles)}.`);
    } catch (e) {
      toastError(e);
    } finally {
      save.disabled = false;
    }
  });
  const remove = h('button', { type: 'button', class: 'danger' }, 'Delete user');
  remove.addEventListener('click', () => confirm({
    title: 'Delete User',
    message: [`Delete ${user.email}?`, 'Every user app token of this user stops working at once. This cannot be undone.'],
    confirmLabel: 'DELETE',
    action: async () => {
      await api('DELETE', `v1/users/${seg(user.id)}`);
      toast(`User ${user.email} deleted.`);
      location.hash = '#/users';
    },
  }));
  panel.append(form, h('section', { class: 'card danger-zone', 'aria-labelledby': 'delete-title' },
    h('h2', { id: 'delete-title' }, 'Delete this user'),
    h('p', {}, 'The user and every one of its tokens are removed.'), remove));
}

async function tokens(view, panel, user) {
  const body = h('tbody');
  const status = h('p', { class: 'muted', role: 'status' });
  const interactive = user.loginOption !== 'NON_INTERACTIVE';
  const create = h('button', { type: 'button', class: 'primary', disabled: interactive }, 'CREATE USER APP TOKEN');
  append(panel,
    h('div', { class: 'toolbar' }, h('h2', {}, 'User App Tokens'), create),
    interactive ? h('p', { class: 'banner' }, 'User app tokens are for non-interactive users only.') : null,
    h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, `User app tokens of ${user.email}`),
      h('thead', {}, h('tr', {}, ['Label', 'Created', 'Expires', 'Last used', 'Permissions', 'Actions']
        .map((c) => h('th', { scope: 'col' }, c)))),
      body)),
    status);

  async function load() {
    try {
      const list = await api('GET', `v1/users/${seg(user.id)}/tokens`);
      if (!view.alive()) {
        return;
      }
      fill(body, list.items.map((t) => h('tr', {},
        h('td', {}, t.label, t.rotatedFrom ? h('span', { class: 'muted' }, ' (rotated)') : null),
        h('td', {}, time(t.createdAt)),
        h('td', {}, time(t.expiresAt, 'never')),
        h('td', {}, time(t.lastUsedAt, 'not yet')),
        h('td', {}, t.permissions?.length ? h('ul', { class: 'plain mono' }, t.permissions.map((p) => h('li', {}, p))) : 'all of the user’s'),
        h('td', { class: 'row-actions' },
          h('button', { type: 'button', class: 'secondary small', 'aria-label': `Rotate token ${t.label}`,
            on: { click: () => rotate(user, t, load) } }, 'Rotate'),
          h('button', { type: 'button', class: 'icon-button', 'aria-label': `Revoke token ${t.label}`, title: 'Revoke',
            on: { click: () => revoke(user, t, load) } }, binIcon())))));
      if (list.items.length === 0) {
        body.append(h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No user app tokens.')));
      }
      status.textContent = `${list.items.length} active token${list.items.length === 1 ? '' : 's'}.`;
    } catch (e) {
      if (view.alive()) {
        toastError(e);
      }
    }
  }

  create.addEventListener('click', () => newToken(user, load));
  await load();
}

/** The deployment's token policy, as a sentence for the expiry choice ('' when it cannot be read). */
async function policyText() {
  try {
    const policy = await api('GET', 'v1/token-policy');
    const parts = [policy.maxLifetimeDays ? `at most ${policy.maxLifetimeDays} days` : 'no maximum'];
    parts.push(policy.defaultLifetimeDays ? `default ${policy.defaultLifetimeDays} days` : 'no default');
    return `Token policy of this deployment: ${parts.join(', ')}.`;
  } catch {
    return '';
  }
}

/**
 * The New User App Token modal: label, expiry (the deployment's default, in N days, on a date)
 * and optional permissions, one per line. The API checks both against the contract and the
 * deployment's token policy, and says why when it refuses.
 */
async function newToken(user, reload) {
  const policy = await policyText();
  const label = h('input', { type: 'text', required: true, maxlength: 100, autocomplete: 'off', autofocus: true });
  const days = h('input', { type: 'number', min: 1, max: 3650, value: 90, required: true, disabled: true });
  const date = h('input', { type: 'date', required: true, disabled: true });
  const group = uid('expiry');
  const choice = (value, text, extra) => {
    const id = `${group}-${value}`;
    const radio = h('input', { type: 'radio', name: group, id, value, checked: value === 'default' });
    radio.addEventListener('change', () => {
      days.disabled = value !== 'days';
      date.disabled = value !== 'date';
    });
    return h('div', { class: 'radio' }, radio, h('label', { for: id }, text), extra);
  };
  days.setAttribute('aria-label', 'Days until it expires');
  date.setAttribute('aria-label', 'Expiry date (00:00 UTC)');
  const expiry = h('fieldset', { class: 'radios' }, h('legend', {}, 'Expiry'),
    choice('default', 'Default lifetime (no expiry, unless the deployment sets a default)'),
    choice('days', 'In a number of days', days),
    choice('date', 'On a date (00:00 UTC)', date),
    policy ? h('p', { class: 'hint' }, policy) : null);
  const permissions = h('textarea', { rows: 3, autocomplete: 'off', spellcheck: 'false', class: 'mono' });
  const { done } = modal({
    title: 'New User App Token',
    body: [
      h('p', { class: 'muted' }, `For ${user.email}`),
      field('Label', label, 'What the token is for, e.g. ci pipeline.'),
      expiry,
      field('Permissions (optional)', permissions,
        'One per line, e.g. GET /v1/orders/**. Empty: all of the user’s permissions. A list narrows, never widens: the user’s roles must grant them too.'),
    ],
    submitLabel: '+ CREATE',
    onSubmit: async () => {
      const request = { label: label.value };
      const kind = expiry.querySelector('input[type=radio]:checked').value;
      if (kind === 'days') {
        request.expiresInDays = Number(days.value);
      } else if (kind === 'date') {
        request.expiresAt = `${date.value}T00:00:00Z`;
      }
      const listed = permissions.value.split('\n').map((line) => line.trim()).filter(Boolean);
      if (listed.length) {
        request.permissions = listed;
      }
      const created = await api('POST', `v1/users/${seg(user.id)}/tokens`, request);
      toast('User app token created.');
      reload();
      return created;
    },
  });
  const created = await done;
  if (created?.token) {
    showOnce(created, user);
  }
}

/**
 * The Rotate modal: a new token with the same label and permissions; the old one stops at once or
 * after an overlap (minutes, at most a day), so whoever uses it can switch without downtime.
 */
async function rotate(user, token, reload) {
  const minutes = h('input', { type: 'number', min: 1, max: 1440, value: 60, required: true, disabled: true });
  minutes.setAttribute('aria-label', 'Minutes the old token keeps working');
  const group = uid('overlap');
  const choice = (value, text, extra) => {
    const id = `${group}-${value}`;
    const radio = h('input', { type: 'radio', name: group, id, value, checked: value === 'now' });
    radio.addEventListener('change', () => { minutes.disabled = value !== 'overlap'; });
    return h('div', { class: 'radio' }, radio, h('label', { for: id }, text), extra);
  };
  const overlap = h('fieldset', { class: 'radios' }, h('legend', {}, 'The old token'),
    choice('now', 'Stops working at once'),
    choice('overlap', 'Keeps working for a number of minutes (at most 1440)', minutes));
  const { done } = modal({
    title: 'Rotate User App Token',
    body: [
      h('p', {}, `“${token.label}” of ${user.email} is replaced by a new token with the same label and permissions, and the same lifetime from now (within the token policy).`),
      overlap,
    ],
    submitLabel: 'ROTATE',
    onSubmit: async () => {
      const kind = overlap.querySelector('input[type=radio]:checked').value;
      const request = kind === 'overlap' ? { overlapSeconds: Number(minutes.value) * 60 } : {};
      const created = await api('POST', `v1/users/${seg(user.id)}/tokens/${seg(token.id)}/rotate`, request);
      toast(kind === 'overlap' ? `User app token “${token.label}” rotated; the old one stops in ${minutes.value} minutes.`
        : `User app token “${token.label}” rotated; the old one no longer works.`);
      reload();
      return created;
    },
  });
  const created = await done;
  if (created?.token) {
    showOnce(created, user);
  }
}

function revoke(user, token, reload) {
  confirm({
    title: 'Revoke User App Token',
    message: [`“${token.label}” of ${user.email} will no longer be able to authenticate to the API.`],
    confirmLabel: 'REVOKE',
    action: async () => {
      await api('DELETE', `v1/users/${seg(user.id)}/tokens/${seg(token.id)}`);
      toast(`User app token “${token.label}” revoked.`);
      reload();
    },
  });
}

/**
 * The token, once: a copy button, a plain warning, and CONTINUE, which takes the token out of the
 * page and drops the last reference to it (the API never shows it again).
 */
function showOnce(created, user) {
  let token = created.token;
  delete created.token;
  const output = h('input', { type: 'text', readonly: true, class: 'mono token', value: token, 'aria-label': 'The new user app token', spellcheck: 'false' });
  const copy = h('button', { type: 'button', class: 'secondary' }, 'Copy');
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(token);
    } catch {
      output.select(); // no clipboard permission: select it for Ctrl+C
      document.execCommand('copy');
    }
    copy.textContent = 'Copied';
    toast('Token copied to the clipboard.');
  });
  const expires = created.expiresAt ? `It expires on ${new Date(created.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC: tell its recipient.` : 'It does not expire.';
  const shown = modal({
    title: 'Your new user app token',
    body: [
      h('p', { class: 'warning' }, 'This token is shown only once. Copy it now and store it somewhere secure: after CONTINUE it will never appear again. Do not share it in public places such as GitHub.'),
      h('p', {}, `For ${user.email}, label “${created.label}”. ${expires}`),
      h('div', { class: 'copy-row' }, output, copy),
    ],
    submitLabel: '> CONTINUE',
    cancelLabel: null,
    closable: false, // Escape would lose the token unseen: CONTINUE is the way out
    onSubmit: () => true,
  });
  shown.done.then(() => {
    output.value = '';
    token = null;
  });
  copy.focus();
}

