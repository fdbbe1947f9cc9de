// The Access Management console: hash routes over the admin API (API.md). No data is in the
// files; everything shown comes from the API with the signed-in token.
import { onUnauthenticated } from './api.js';
import { h, fill } from './dom.js';
import { session } from './session.js';
import { closeAllModals, toast } from './ui.js';
import { signInPage, restoreSession } from './pages/signin.js';
import { usersPage } from './pages/users.js';
import { userPage } from './pages/user.js';
import { rolesPage } from './pages/roles.js';
import { auditPage } from './pages/audit.js';

/** A path segment of the address bar, as typed: a malformed escape stays as it is (and is not found). */
function decoded(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const ROUTES = [
  [/^#\/users$/, () => usersPage],
  [/^#\/users\/([^/]+)$/, ([id]) => (view) => userPage(view, decoded(id), 'details')],
  [/^#\/users\/([^/]+)\/tokens$/, ([id]) => (view) => userPage(view, decoded(id), 'tokens')],
  [/^#\/roles$/, () => rolesPage],
  [/^#\/audit$/, () => auditPage],
];

const NAV = [
  ['#/users', 'Access Management', /^#\/users/],
  ['#/roles', 'Roles', /^#\/roles/],
  ['#/audit', 'Audit log', /^#\/audit/],
];

const root = document.getElementById('app');
let renders = 0;

onUnauthenticated(() => {
  session.end('Your session has ended: the token was not accepted (it was revoked or has expired, or its user changed). Sign in again.');
  closeAllModals();
  if (location.hash === '#/signin') {
    render();
  } else {
    location.hash = '#/signin'; // renders on hashchange
  }
});

/** What a page gets: where to draw, and whether it is still the page on screen after an await. */
function view(main) {
  const ticket = renders;
  return {
    main,
    alive: () => ticket === renders,
    title(text) {
      document.title = `${text} · Access Management`;
    },
  };
}

function layout(hash) {
  const main = h('main', { id: 'main', tabindex: '-1' });
  const me = session.me;
  const nav = h('nav', { class: 'sidebar', 'aria-label': 'Main' },
    h('p', { class: 'brand' }, 'User app tokens'),
    h('ul', {}, NAV.map(([href, text, active]) => h('li', {},
      h('a', { href, 'aria-current': active.test(hash) ? 'page' : null }, text)))),
    // The API's OpenAPI description (public, like these files), for whoever integrates with it.
    h('p', { class: 'apidoc' }, h('a', { href: '../v1/openapi.json' }, 'API description (OpenAPI)')),
    h('div', { class: 'whoami' },
      h('p', {}, 'Signed in as ', h('strong', {}, me?.email ?? '')),
      h('button', { type: 'button', class: 'secondary', on: { click: signOut } }, 'Sign out')));
  const shell = h('div', { class: 'shell' }, nav, main);
  if (me && !(me.roles ?? []).some((r) => r.name === 'GLOBAL_USER_ADMIN')) {
    main.append(h('p', { class: 'banner', role: 'note' },
      'This token’s user is not a Global User Admin: the API will refuse most of what this console does.'));
  }
  return { shell, main };
}

function signOut() {
  session.end('You have signed out. The token is no longer kept in this tab.');
  closeAllModals();
  if (location.hash === '#/signin') {
    render();
  } else {
    location.hash = '#/signin';
  }
  toast('Signed out');
}

async function render() {
  renders++;
  const hash = location.hash || '#/users';
  if (!session.token || !session.me) {
    if (session.token && (await restoreSession())) {
      return render();
    }
    const main = h('main', { id: 'main', tabindex: '-1', class: 'signin' });
    fill(root, main);
    const next = hash.startsWith('#/signin') ? '#/users' : hash;
    return signInPage(view(main), () => {
      location.hash = next;
      if (next === hash) {
        render();
      }
    });
  }
  if (hash.startsWith('#/signin') || hash === '#/' || hash === '#') {
    location.hash = '#/users';
    return;
  }
  const match = ROUTES.map(([pattern, page]) => [hash.match(pattern), page]).find(([m]) => m);
  const { shell, main } = layout(hash);
  fill(root, shell);
  const v = view(main);
  if (!match) {
    v.title('Not found');
    main.append(h('h1', { tabindex: '-1' }, 'Not found'), h('p', {}, 'There is no such page. ', h('a', { href: '#/users' }, 'Go to the users.')));
    return;
  }
  const [m, page] = match;
  await page(m.slice(1))(v);
  // The new page's heading takes focus, unless the user has already moved it (the page loads late).
  const focus = document.activeElement;
  if (v.alive() && (!focus || focus === document.body)) {
    main.querySelector('h1')?.focus({ preventScroll: true });
  }
}

window.addEventListener('hashchange', () => {
  closeAllModals();
  render();
});
render();
