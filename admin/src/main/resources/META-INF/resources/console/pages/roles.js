// Roles: the built-in and custom roles with their permissions; custom roles are created, edited
// (PUT /v1/roles/{name}) and deleted here. The API holds every rule and says why it refuses.
import { api, seg } from '../api.js';
import { h, fill, field, roleLabel, uid } from '../dom.js';
import { confirm, modal, toast, toastError } from '../ui.js';

export async function rolesPage(view) {
  view.title('Roles');
  const body = h('tbody');
  const create = h('button', { type: 'button', class: 'primary' }, 'NEW ROLE');
  view.main.append(
    h('div', { class: 'toolbar' }, h('h1', { tabindex: '-1' }, 'Roles'), create),
    h('p', { class: 'muted' }, 'What each role grants, as METHOD PATH-PATTERN permissions. Built-in roles cannot change; a role definition change reaches every function within 10 seconds.'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, 'Roles'),
      h('thead', {}, h('tr', {}, ['Role', 'Kind', 'Scoped to workspaces', 'Description', 'Permissions', 'Actions']
        .map((c) => h('th', { scope: 'col' }, c)))),
      body)));

  async function load() {
    try {
      const roles = (await api('GET', 'v1/roles')).items;
      if (!view.alive()) {
        return;
      }
      fill(body, roles.map((r) => h('tr', {},
        h('th', { scope: 'row' }, roleLabel(r.name), h('br'), h('span', { class: 'mono muted' }, r.name)),
        h('td', {}, r.builtIn ? 'Built-in' : 'Custom'),
        h('td', {}, r.scoped ? 'Yes' : 'No'),
        h('td', {}, r.description ?? ''),
        h('td', {}, h('ul', { class: 'plain mono' }, (r.permissions ?? []).map((p) => h('li', {}, p)))),
        h('td', { class: 'row-actions' }, r.builtIn ? h('span', { class: 'muted' }, '—') : [
          h('button', { type: 'button', class: 'secondary small', 'aria-label': `Edit role ${r.name}`,
            on: { click: () => editRole(r, load) } }, 'Edit'),
          h('button', { type: 'button', class: 'danger small', 'aria-label': `Delete role ${r.name}`,
            on: { click: () => deleteRole(r, load) } }, 'Delete'),
        ]))));
    } catch (e) {
      if (view.alive()) {
        toastError(e);
      }
    }
  }

  create.addEventListener('click', () => editRole(null, load));
  await load();
}

/** New Role (role null) or Edit Role: name (new only), description, scoped, permissions one per line. */
function editRole(role, reload) {
  const name = h('input', { type: 'text', required: true, maxlength: 64, pattern: '[A-Z][A-Z0-9_]{2,63}', autocomplete: 'off',
    spellcheck: 'false', class: 'mono', value: role?.name ?? '', disabled: Boolean(role) });
  const description = h('input', { type: 'text', maxlength: 500, autocomplete: 'off', value: role?.description ?? '' });
  const scoped = h('input', { type: 'checkbox', id: uid('scoped'), checked: Boolean(role?.scoped) });
  const permissions = h('textarea', { rows: 4, required: true, autocomplete: 'off', spellcheck: 'false', class: 'mono' });
  permissions.value = (role?.permissions ?? []).join('\n');
  modal({
    title: role ? `Edit Role ${role.name}` : 'New Role',
    body: [
      role ? null : field('Name', name, 'A-Z, 0-9 and _, starting with a letter, e.g. ORDERS_READER.'),
      field('Description (optional)', description),
      h('div', { class: 'role-option' }, scoped, h('label', { for: scoped.id }, 'Scoped to workspaces'),
        h('span', { class: 'hint' }, 'Then every permission contains {workspaceId}, and each holder names its workspaces.')),
      field('Permissions', permissions, 'One per line, e.g. GET /v1/orders/** (1 to 100).'),
    ],
    submitLabel: role ? 'SAVE' : '+ CREATE',
    onSubmit: async () => {
      const roleName = role ? role.name : name.value.trim();
      const saved = await api('PUT', `v1/roles/${seg(roleName)}`, {
        ...(description.value.trim() ? { description: description.value.trim() } : {}),
        scoped: scoped.checked,
        permissions: permissions.value.split('\n').map((line) => line.trim()).filter(Boolean),
      });
      toast(role ? `Role ${saved.name} saved.` : `Role ${saved.name} created.`);
      reload();
      return saved;
    },
  });
}

function deleteRole(role, reload) {
  confirm({
    title: 'Delete Role',
    message: [`Delete the role ${role.name}?`, 'A role that a user still holds cannot be deleted: take it from them first.'],
    confirmLabel: 'DELETE',
    action: async () => {
      await api('DELETE', `v1/roles/${seg(role.name)}`);
      toast(`Role ${role.name} deleted.`);
      reload();
    },
  });
}
