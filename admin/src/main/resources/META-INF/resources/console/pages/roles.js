// Roles: the built-in and custom roles with their permissions (read-only here for now).
import { api } from '../api.js';
import { h, roleLabel } from '../dom.js';
import { toastError } from '../ui.js';

export async function rolesPage(view) {
  view.title('Roles');
  const body = h('tbody');
  view.main.append(
    h('h1', { tabindex: '-1' }, 'Roles'),
    h('p', { class: 'muted' }, 'What each role grants, as METHOD PATH-PATTERN permissions. Custom roles are listed here; they are defined through the API.'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, 'Roles'),
      h('thead', {}, h('tr', {}, ['Role', 'Kind', 'Scoped to workspaces', 'Description', 'Permissions'].map((c) => h('th', { scope: 'col' }, c)))),
      body)));
  try {
    const roles = (await api('GET', 'v1/roles')).items;
    if (!view.alive()) {
      return;
    }
    body.append(...roles.map((r) => h('tr', {},
      h('th', { scope: 'row' }, roleLabel(r.name), h('br'), h('span', { class: 'mono muted' }, r.name)),
      h('td', {}, r.builtIn ? 'Built-in' : 'Custom'),
      h('td', {}, r.scoped ? 'Yes' : 'No'),
      h('td', {}, r.description ?? ''),
      h('td', {}, h('ul', { class: 'plain mono' }, (r.permissions ?? []).map((p) => h('li', {}, p)))))));
  } catch (e) {
    if (view.alive()) {
      toastError(e);
    }
  }
}
