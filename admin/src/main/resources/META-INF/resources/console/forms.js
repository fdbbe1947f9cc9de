// Form parts shared by the pages: the roles picker (New User, User Details).
import { h, roleLabel, uid } from './dom.js';

/** Workspaces as typed: "ws-1, ws-2" or one per line. */
export const splitList = (text) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

/**
 * Roles as tick boxes, from GET /v1/roles; a scoped role asks for its workspaces once ticked.
 * selected: the user's assignments [{name, workspaces}]. value() gives the assignments to send.
 */
export function rolePicker(roles, selected = []) {
  const chosen = new Map(selected.map((r) => [r.name, r.workspaces ?? []]));
  const rows = [];
  const fieldset = h('fieldset', { class: 'roles' }, h('legend', {}, 'Roles'));
  for (const role of roles) {
    const id = uid('role');
    const box = h('input', { type: 'checkbox', id, name: 'role', value: role.name, checked: chosen.has(role.name) });
    const descriptionId = `${id}-desc`;
    box.setAttribute('aria-describedby', descriptionId);
    const row = h('div', { class: 'role-option' },
      box,
      h('label', { for: id }, roleLabel(role.name)),
      h('p', { class: 'hint', id: descriptionId }, role.description || role.name));
    let workspaces = null;
    if (role.scoped) {
      workspaces = h('input', { type: 'text', id: `${id}-ws`, value: (chosen.get(role.name) ?? []).join(', '), placeholder: 'ws-1, ws-2' });
      const wsRow = h('div', { class: 'workspaces', hidden: !box.checked },
        h('label', { for: workspaces.id }, `Workspaces for ${roleLabel(role.name)}`), workspaces);
      box.addEventListener('change', () => {
        wsRow.hidden = !box.checked;
        if (box.checked) {
          workspaces.required = true;
        } else {
          workspaces.required = false;
        }
      });
      workspaces.required = box.checked;
      row.append(wsRow);
    }
    rows.push({ role, box, workspaces });
    fieldset.append(row);
  }
  return {
    element: fieldset,
    box: (name) => rows.find((r) => r.role.name === name)?.box,
    // Assignments of roles the list does not offer are kept as they are, never dropped unseen.
    value: () => rows.filter((r) => r.box.checked).map((r) => (r.role.scoped
      ? { name: r.role.name, workspaces: splitList(r.workspaces.value) }
      : { name: r.role.name })).concat(selected.filter((s) => !roles.some((r) => r.name === s.name))),
  };
}
