// Access Management: the users list (paged, filtered by login option, searched by email within the
// loaded pages) and the + button that opens New User.
import { api } from '../api.js';
import { h, fill, field, loginLabel, rolesText, time } from '../dom.js';
import { rolePicker } from '../forms.js';
import { modal, toast, toastError } from '../ui.js';

const PAGE = 50;

export async function usersPage(view) {
  view.title('Users');
  const state = { items: [], cursor: null, loginOption: '', search: '' };
  const filter = h('select', { id: 'users-filter' },
    h('option', { value: '' }, 'All'),
    h('option', { value: 'NON_INTERACTIVE' }, 'Non Interactive'),
    h('option', { value: 'INTERACTIVE' }, 'Interactive'));
  const search = h('input', { type: 'search', id: 'users-search', autocomplete: 'off' });
  const status = h('p', { class: 'muted', role: 'status' });
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load more users');
  const table = h('table', { class: 'data' },
    h('caption', { class: 'visually-hidden' }, 'Users'),
    h('thead', {}, h('tr', {}, ['Name', 'Email', 'Login option', 'Roles', 'Created'].map((c) => h('th', { scope: 'col' }, c)))),
    body);

  view.main.append(
    h('h1', { tabindex: '-1' }, 'Users'),
    h('div', { class: 'toolbar' },
      field('Login option', filter),
      field('Search by email', search, 'Searches the users loaded so far.'),
      h('button', { type: 'button', class: 'secondary', on: { click: revokeByValue } }, 'Revoke a token by value')),
    h('div', { class: 'table-wrap' }, table),
    status,
    more,
    h('button', { type: 'button', class: 'fab', 'aria-label': 'New user', title: 'New user', on: { click: () => newUser(view, (user) => {
      state.items.unshift(user);
      draw();
    }) } }, h('span', { 'aria-hidden': 'true' }, '+')));

  function draw() {
    const needle = state.search.trim().toLowerCase();
    const shown = state.items.filter((u) => !needle || String(u.email).toLowerCase().includes(needle));
    fill(body, shown.map((u) => h('tr', {},
      h('td', {}, h('a', { href: `#/users/${encodeURIComponent(u.id)}` }, `${u.firstName} ${u.lastName}`)),
      h('td', {}, u.email),
      h('td', {}, loginLabel(u.loginOption)),
      h('td', {}, rolesText(u.roles)),
      h('td', {}, time(u.createdAt)))));
    if (shown.length === 0) {
      body.append(h('tr', {}, h('td', { colspan: 5, class: 'empty' },
        state.items.length ? 'No loaded user matches that email.' : 'No users yet. Create one with the + button.')));
    }
    status.textContent = `${shown.length} of ${state.items.length} loaded users shown${state.cursor ? '; more can be loaded' : ''}.`;
    more.hidden = !state.cursor;
  }

  async function load(reset) {
    const query = new URLSearchParams({ limit: String(PAGE) });
    if (state.loginOption) {
      query.set('loginOption', state.loginOption);
    }
    if (!reset && state.cursor) {
      query.set('cursor', state.cursor);
    }
    more.disabled = true;
    try {
      const page = await api('GET', `v1/users?${query}`);
      if (!view.alive()) {
        return;
      }
      state.items = reset ? page.items : state.items.concat(page.items);
      state.cursor = page.nextCursor ?? null;
      draw();
    } catch (e) {
      if (view.alive()) {
        toastError(e);
        status.textContent = `The users could not be loaded: ${e.message}`;
      }
    } finally {
      more.disabled = false;
    }
  }

  filter.addEventListener('change', () => {
    state.loginOption = filter.value;
    state.cursor = null; // a cursor belongs to its filter
    load(true);
  });
  search.addEventListener('input', () => {
    state.search = search.value;
    draw();
  });
  more.addEventListener('click', () => load(false));
  await load(true);
}

/** The New User modal, as the user story has it. */
async function newUser(view, created) {
  let roles;
  try {
    roles = (await api('GET', 'v1/roles')).items;
  } catch (e) {
    toastError(e);
    return;
  }
  const first = h('input', { type: 'text', required: true, maxlength: 100, autocomplete: 'off', autofocus: true });
  const last = h('input', { type: 'text', required: true, maxlength: 100, autocomplete: 'off' });
  const email = h('input', { type: 'email', required: true, maxlength: 254, autocomplete: 'off' });
  const picker = rolePicker(roles, [{ name: 'DEVELOPER' }]);
  const developer = picker.box('DEVELOPER');
  let developerTouched = false;
  developer?.addEventListener('change', () => { developerTouched = true; });
  const options = [['NON_INTERACTIVE', 'Non Interactive', 'Uses only the API, with user app tokens; never logs in.'],
    ['INTERACTIVE', 'Interactive', 'Logs into the platform; has no user app tokens.']];
  const login = h('fieldset', { class: 'radios' }, h('legend', {}, 'Login option'),
    options.map(([value, label, hint], i) => {
      const id = `login-${value.toLowerCase()}`;
      const radio = h('input', { type: 'radio', name: 'loginOption', id, value, checked: i === 0 });
      radio.addEventListener('change', () => {
        // Developer is what a non-interactive user needs for any API call: ticked for them by default.
        if (developer && !developerTouched) {
          developer.checked = value === 'NON_INTERACTIVE';
        }
      });
      return h('div', { class: 'radio' }, radio, h('label', { for: id }, label), h('p', { class: 'hint' }, hint));
    }));
  await modal({
    title: 'New User',
    body: [
      h('div', { class: 'names' }, field('First name', first), field('Last name', last)),
      field('Email (username)', email, 'A well-formed address; for a non-interactive user it need not be a real mailbox.'),
      picker.element,
      login,
    ],
    submitLabel: '+ Create',
    onSubmit: async () => {
      const loginOption = login.querySelector('input:checked').value;
      const user = await api('POST', 'v1/users', {
        firstName: first.value, lastName: last.value, email: email.value, loginOption, roles: picker.value(),
      });
      toast(`User ${user.email} created (${rolesText(user.roles)}).`);
      if (view.alive()) {
        created(user);
      }
      return true;
    },
  }).done;
}

/**
 * Revoke by value (POST /v1/tokens/revoke): for a token found in a log, a paste or a repository,
 * whose owner is not known. The value is sent once and cleared from the page at once.
 */
function revokeByValue() {
  const value = h('input', { type: 'password', required: true, autocomplete: 'off', spellcheck: 'false', class: 'mono',
    pattern: 'uat_[0-9A-Za-z]{44}' });
  modal({
    title: 'Revoke a token by value',
    body: [
      h('p', {}, 'Paste a user app token (uat_…) that has leaked: it stops working at once, whoever owns it.'),
      field('The token', value, 'It is sent to the API once and not kept.'),
    ],
    submitLabel: 'REVOKE',
    submitClass: 'danger',
    onSubmit: async () => {
      const token = value.value.trim();
      value.value = '';
      const revoked = await api('POST', 'v1/tokens/revoke', { token });
      toast(`Token “${revoked.label}” of user ${revoked.userId} revoked.`);
      return revoked;
    },
  });
}
