// Audit log: newest first, paged with nextCursor.
import { api } from '../api.js';
import { h, time } from '../dom.js';
import { toastError } from '../ui.js';

const ACTIONS = {
  USER_CREATED: 'User created', USER_UPDATED: 'User updated', USER_DELETED: 'User deleted',
  TOKEN_CREATED: 'Token created', TOKEN_REVOKED: 'Token revoked', TOKEN_ROTATED: 'Token rotated',
  TOKEN_LEAKED: 'Token leaked (revoked)', ROLE_CREATED: 'Role created', ROLE_UPDATED: 'Role updated', ROLE_DELETED: 'Role deleted',
};

const userLink = (id) => (id ? h('a', { href: `#/users/${encodeURIComponent(id)}`, class: 'mono' }, id) : h('span', { class: 'muted' }, '—'));
const text = (value) => (value ? h('span', { class: 'mono' }, value) : h('span', { class: 'muted' }, '—'));

export async function auditPage(view) {
  view.title('Audit log');
  let cursor = null;
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Load older events');
  const status = h('p', { class: 'muted', role: 'status' });
  let count = 0;
  view.main.append(
    h('h1', { tabindex: '-1' }, 'Audit log'),
    h('p', { class: 'muted' }, 'Every change, newest first.'),
    h('div', { class: 'table-wrap' }, h('table', { class: 'data' },
      h('caption', { class: 'visually-hidden' }, 'Audit events'),
      h('thead', {}, h('tr', {}, ['Time', 'Action', 'Actor', 'Target user', 'Token', 'Role', 'Detail'].map((c) => h('th', { scope: 'col' }, c)))),
      body)),
    status, more);

  async function load() {
    more.disabled = true;
    try {
      const query = new URLSearchParams({ limit: '50' });
      if (cursor) {
        query.set('cursor', cursor);
      }
      const page = await api('GET', `v1/audit?${query}`);
      if (!view.alive()) {
        return;
      }
      body.append(...page.items.map((e) => h('tr', {},
        h('td', {}, time(e.at)),
        h('td', {}, ACTIONS[e.action] ?? e.action),
        h('td', {}, e.action === 'TOKEN_LEAKED' && !e.actorUserId ? 'GitHub secret scanning' : text(e.actorUserId)),
        h('td', {}, userLink(e.targetUserId)),
        h('td', {}, text(e.tokenId)),
        h('td', {}, text(e.roleName)),
        h('td', {}, e.detail ? h('code', {}, typeof e.detail === 'string' ? e.detail : JSON.stringify(e.detail)) : h('span', { class: 'muted' }, '—')))));
      count += page.items.length;
      cursor = page.nextCursor ?? null;
      more.hidden = !cursor;
      status.textContent = `${count} event${count === 1 ? '' : 's'} loaded${cursor ? '; older ones can be loaded' : ''}.`;
    } catch (e) {
      if (view.alive()) {
        toastError(e);
      }
    } finally {
      more.disabled = false;
    }
  }
  more.addEventListener('click', load);
  await load();
}
