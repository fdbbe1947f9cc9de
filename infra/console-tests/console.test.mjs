// The Access Management console in Debian's Chromium against the local API (infra/local/start-api):
// the user story end to end, XSS, a session ended from outside, keyboard only, axe-core, and no
// error in the browser console. Screenshots of each screen go to $SCREENSHOTS (default ./screenshots).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { call, shot, startApi, startBrowser, watchedPage } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const XSS = '<img src=x onerror=alert(1)>';

let api;
let browser;
const timings = {};

before(async () => {
  api = await startApi();
  timings.startApiMs = api.startupMs;
  browser = await startBrowser();
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: api.url });
});

after(async () => {
  await browser?.close();
  await api?.stop();
  console.log(`timings: ${JSON.stringify(timings)}`);
});

let seq = 0;
const email = (what) => `${what}-${Date.now()}-${++seq}@example.com`;

async function signIn(page, token) {
  await page.goto(`${api.url}/console/`);
  await page.getByLabel('User app token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
}

/** A second Global User Admin with its own token, made over the API (so the main one stays usable). */
async function anotherAdmin() {
  const user = await call(api.url, 'POST', '/v1/users', api.adminToken, {
    firstName: 'Second', lastName: 'Admin', email: email('admin'), loginOption: 'NON_INTERACTIVE',
    roles: [{ name: 'DEVELOPER' }, { name: 'GLOBAL_USER_ADMIN' }],
  });
  assert.equal(user.status, 201);
  const token = await call(api.url, 'POST', `/v1/users/${user.body.id}/tokens`, api.adminToken, { label: 'console test' });
  assert.equal(token.status, 201);
  return { token: token.body.token, path: `/v1/users/${user.body.id}/tokens/${token.body.id}` };
}

function assertClean(problems, { network = true } = {}) {
  assert.deepEqual(problems.errors, [], 'no script or CSP error in the browser console');
  assert.deepEqual(problems.dialogs, [], 'no alert, confirm or prompt');
  if (network) {
    assert.deepEqual(problems.network, [], 'no refused request');
  }
}

test('the user story: a non-interactive user, its token shown once, used, revoked', async () => {
  const { page, problems } = await watchedPage(browser.context);
  const started = Date.now();
  await page.goto(`${api.url}/console/`);
  await page.getByRole('heading', { name: 'Sign in to Access Management' }).waitFor();
  await shot(page, '01-sign-in');
  await page.getByLabel('User app token', { exact: true }).fill(api.adminToken);
  await page.getByRole('button', { name: 'Sign in' }).click();

  // 1-2. Access Management in the navigation, then + at the bottom right.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Access Management' }).click();
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  await page.getByRole('button', { name: 'New user', exact: true }).click();

  // 3-6. The New User modal.
  const modal = page.getByRole('dialog', { name: 'New User' });
  const address = email('ci-bot');
  await modal.getByLabel('First name').fill('Ci');
  await modal.getByLabel('Last name').fill('Bot');
  await modal.getByLabel('Email (username)').fill(address);
  assert.equal(await modal.getByRole('checkbox', { name: 'Developer', exact: true }).isChecked(), true, 'Developer is ticked by default');
  assert.equal(await modal.getByRole('radio', { name: 'Non Interactive' }).isChecked(), true);
  await modal.getByRole('checkbox', { name: 'Workspace manager', exact: true }).check();
  await modal.getByLabel('Workspaces for Workspace manager').fill('ws-1');
  await modal.getByRole('radio', { name: 'Non Interactive' }).check();
  await shot(page, '03-new-user');
  await modal.getByRole('button', { name: '+ Create' }).click();
  await page.getByRole('status').filter({ hasText: `User ${address} created` }).waitFor();
  assert.equal(await modal.count(), 0, 'the modal is gone');
  await shot(page, '02-users');

  // 7-8. Users list -> User Details -> User App Tokens -> CREATE USER APP TOKEN.
  const row = page.getByRole('row').filter({ hasText: address });
  assert.match(await row.innerText(), /Non Interactive\s+Developer, Workspace manager \(ws-1\)/);
  await row.getByRole('link', { name: 'Ci Bot' }).click();
  await page.getByRole('heading', { level: 1, name: 'Ci Bot' }).waitFor();
  await page.getByRole('button', { name: 'Save changes' }).waitFor();
  await shot(page, '04-user-details');
  await page.getByRole('link', { name: 'User App Tokens' }).click();
  await page.getByRole('heading', { name: 'User App Tokens' }).waitFor();
  await page.getByRole('button', { name: 'CREATE USER APP TOKEN' }).click();

  // 9. The New User App Token modal: label, + CREATE; the token once, copied, then CONTINUE.
  const tokenModal = page.getByRole('dialog', { name: 'New User App Token' });
  await tokenModal.getByLabel('Label').fill('ci pipeline');
  await tokenModal.getByRole('radio', { name: 'In a number of days' }).check();
  await tokenModal.getByLabel('Days until it expires').fill('30');
  assert.equal(await tokenModal.getByLabel('Expiry date (00:00 UTC)').isDisabled(), true);
  await shot(page, '05-new-token');
  await tokenModal.getByRole('button', { name: '+ CREATE' }).click();
  const once = page.getByRole('dialog', { name: 'Your new user app token' });
  await once.waitFor();
  const token = await once.getByLabel('The new user app token').inputValue();
  assert.match(token, /^uat_[0-9A-Za-z]{44}$/);
  assert.match(await once.innerText(), /shown only once/);
  await once.getByRole('button', { name: 'Copy' }).click();
  await page.getByRole('status').filter({ hasText: 'copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token, 'the clipboard holds the token');
  await shot(page, '06-token-once', { mask: [once.getByLabel('The new user app token')] });
  timings.coldOpenToTokenMs = Date.now() - started;
  await once.getByRole('button', { name: '> CONTINUE' }).click();
  await once.waitFor({ state: 'detached' });
  assert.equal((await page.content()).includes(token), false, 'the token is gone from the page');
  assert.equal(await page.evaluate((t) => [...document.querySelectorAll('input,textarea')].some((e) => e.value === t), token), false);
  assert.equal(await page.evaluate((t) => JSON.stringify({ ...sessionStorage, ...localStorage }).includes(t) || document.cookie.includes(t), token), false,
    'nor kept in storage');

  // The token works, from outside the browser.
  const me = await call(api.url, 'GET', '/v1/me', token);
  assert.equal(me.status, 200);
  assert.equal(me.body.email, address);

  // The list shows it (last used now); the bin icon and REVOKE.
  await page.reload();
  const tokenRow = page.getByRole('row').filter({ hasText: 'ci pipeline' });
  await tokenRow.waitFor();
  assert.doesNotMatch(await tokenRow.innerText(), /not yet/, 'last used is shown');
  await shot(page, '07-tokens');
  await tokenRow.getByRole('button', { name: 'Revoke token ci pipeline' }).click();
  const revoke = page.getByRole('dialog', { name: 'Revoke User App Token' });
  await shot(page, '08-revoke');
  await revoke.getByRole('button', { name: 'REVOKE' }).click();
  await page.getByRole('status').filter({ hasText: 'revoked' }).waitFor();
  await page.getByRole('cell', { name: 'No user app tokens.' }).waitFor();

  const denied = await call(api.url, 'GET', '/v1/me', token);
  assert.equal(denied.status, 403, 'the revoked token is denied at the gateway');

  // Roles and the audit log, newest first.
  await page.getByRole('link', { name: 'Roles' }).click();
  await page.getByRole('row').filter({ hasText: 'WORKSPACE_MANAGER' }).waitFor();
  await shot(page, '09-roles');
  await page.getByRole('link', { name: 'Audit log' }).click();
  const first = page.getByRole('row').nth(1);
  await first.waitFor();
  assert.match(await first.innerText(), /Token revoked/);
  await shot(page, '10-audit');
  assertClean(problems);
  await page.close();
});

test('a narrowed token is created with its permissions, then rotated with an overlap', async () => {
  const user = await call(api.url, 'POST', '/v1/users', api.adminToken, {
    firstName: 'Rota', lastName: 'Bot', email: email('rota'), loginOption: 'NON_INTERACTIVE', roles: [{ name: 'DEVELOPER' }],
  });
  assert.equal(user.status, 201);
  const { page, problems } = await watchedPage(browser.context);
  await signIn(page, api.adminToken);
  await page.goto(`${api.url}/console/#/users/${user.body.id}/tokens`);
  await page.getByRole('button', { name: 'CREATE USER APP TOKEN' }).click();
  const create = page.getByRole('dialog', { name: 'New User App Token' });
  await create.getByLabel('Label').fill('deploy job');
  await create.getByText(/Token policy of this deployment/).waitFor();
  await create.getByLabel('Permissions (optional)').fill('GET /v1/me\nPOST /v1/me/token/rotate');
  await create.getByRole('button', { name: '+ CREATE' }).click();
  let once = page.getByRole('dialog', { name: 'Your new user app token' });
  const first = await once.getByLabel('The new user app token').inputValue();
  await once.getByRole('button', { name: '> CONTINUE' }).click();
  await once.waitFor({ state: 'detached' });
  const row = page.getByRole('row').filter({ hasText: 'deploy job' });
  assert.match(await row.innerText(), /GET \/v1\/me\s+POST \/v1\/me\/token\/rotate/);
  assert.equal((await call(api.url, 'GET', '/v1/me', first)).status, 200);

  await row.getByRole('button', { name: 'Rotate token deploy job' }).click();
  const rotate = page.getByRole('dialog', { name: 'Rotate User App Token' });
  await rotate.getByRole('radio', { name: /Keeps working/ }).check();
  await rotate.getByLabel('Minutes the old token keeps working').fill('5');
  await shot(page, '12-rotate');
  await rotate.getByRole('button', { name: 'ROTATE' }).click();
  once = page.getByRole('dialog', { name: 'Your new user app token' });
  const second = await once.getByLabel('The new user app token').inputValue();
  assert.match(second, /^uat_[0-9A-Za-z]{44}$/);
  assert.notEqual(second, first);
  await once.getByRole('button', { name: '> CONTINUE' }).click();
  await page.getByRole('status').filter({ hasText: 'stops in 5 minutes' }).waitFor();
  await page.getByRole('row').filter({ hasText: '(rotated)' }).waitFor();
  assert.equal((await call(api.url, 'GET', '/v1/me', first)).status, 200, 'the old token works in its overlap');
  assert.equal((await call(api.url, 'GET', '/v1/me', second)).status, 200);
  const tokens = await call(api.url, 'GET', `/v1/users/${user.body.id}/tokens`, api.adminToken);
  const successor = tokens.body.items.find((t) => t.rotatedFrom);
  assert.deepEqual(successor.permissions, ['GET /v1/me', 'POST /v1/me/token/rotate'], 'kept by rotation');

  // rotating the old one again while it overlaps: the API's 409 detail in the corner
  const old = page.getByRole('row').filter({ hasText: 'deploy job' }).filter({ hasNotText: '(rotated)' });
  await old.getByRole('button', { name: 'Rotate token deploy job' }).click();
  await page.getByRole('dialog', { name: 'Rotate User App Token' }).getByRole('button', { name: 'ROTATE' }).click();
  await page.getByRole('alert').filter({ hasText: 'already rotated' }).first().waitFor();
  await page.keyboard.press('Escape');
  assertClean(problems, { network: false }); // the refused rotation is the point here
  await page.close();
});

test('Roles: a custom role created, refused with the API\'s reason, edited and deleted', async () => {
  const { page, problems } = await watchedPage(browser.context);
  await signIn(page, api.adminToken);
  await page.getByRole('link', { name: 'Roles' }).click();
  await page.getByRole('row').filter({ hasText: 'DEVELOPER' }).first().waitFor();
  assert.equal(await page.getByRole('button', { name: 'Edit role DEVELOPER' }).count(), 0, 'built-in roles cannot change');
  const name = `ORDERS_READER_${Date.now()}`;
  await page.getByRole('button', { name: 'NEW ROLE' }).click();
  const dialog = page.getByRole('dialog', { name: 'New Role' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('Description (optional)').fill('Reads orders');
  await dialog.getByLabel('Permissions').fill('GET v1/orders');
  await dialog.getByRole('button', { name: '+ CREATE' }).click();
  await dialog.getByRole('alert').filter({ hasText: 'not METHOD /path-pattern' }).waitFor();
  await dialog.getByLabel('Permissions').fill('GET /v1/orders/**\nGET /v1/invoices/*');
  await shot(page, '13-new-role');
  await dialog.getByRole('button', { name: '+ CREATE' }).click();
  await dialog.waitFor({ state: 'detached' });
  const row = page.getByRole('row').filter({ hasText: name });
  assert.match(await row.innerText(), /Custom\s+No\s+Reads orders\s+GET \/v1\/orders\/\*\*\s+GET \/v1\/invoices\/\*/);
  let stored = await call(api.url, 'GET', `/v1/roles/${name}`, api.adminToken);
  assert.deepEqual(stored.body.permissions, ['GET /v1/orders/**', 'GET /v1/invoices/*']);

  await row.getByRole('button', { name: `Edit role ${name}` }).click();
  const edit = page.getByRole('dialog', { name: `Edit Role ${name}` });
  await edit.getByLabel('Permissions').fill('GET /v1/orders/*');
  await edit.getByRole('button', { name: 'SAVE' }).click();
  await edit.waitFor({ state: 'detached' });
  stored = await call(api.url, 'GET', `/v1/roles/${name}`, api.adminToken);
  assert.deepEqual(stored.body.permissions, ['GET /v1/orders/*']);
  assert.equal(stored.body.description, 'Reads orders', 'kept by the edit');

  await page.getByRole('row').filter({ hasText: name }).getByRole('button', { name: `Delete role ${name}` }).click();
  await page.getByRole('dialog', { name: 'Delete Role' }).getByRole('button', { name: 'DELETE' }).click();
  await page.getByRole('row').filter({ hasText: name }).waitFor({ state: 'detached' });
  assert.equal((await call(api.url, 'GET', `/v1/roles/${name}`, api.adminToken)).status, 404);
  assertClean(problems, { network: false }); // the refused PUT is the point here
  await page.close();
});

test('a leaked token revoked by its value from the Users page', async () => {
  const user = await call(api.url, 'POST', '/v1/users', api.adminToken, {
    firstName: 'Leaky', lastName: 'Bot', email: email('leaky'), loginOption: 'NON_INTERACTIVE', roles: [{ name: 'DEVELOPER' }],
  });
  const issued = await call(api.url, 'POST', `/v1/users/${user.body.id}/tokens`, api.adminToken, { label: 'pasted in a chat' });
  const leaked = issued.body.token;
  const { page, problems } = await watchedPage(browser.context);
  await signIn(page, api.adminToken);
  await page.getByRole('button', { name: 'Revoke a token by value' }).click();
  let dialog = page.getByRole('dialog', { name: 'Revoke a token by value' });
  await dialog.getByLabel('The token').fill(leaked);
  await dialog.getByRole('button', { name: 'REVOKE' }).click();
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('status').filter({ hasText: 'pasted in a chat' }).waitFor();
  assert.equal((await page.content()).includes(leaked), false, 'the value is gone from the page');
  assert.notEqual((await call(api.url, 'GET', '/v1/me', leaked)).status, 200, 'the token no longer works');
  await page.getByRole('button', { name: 'Revoke a token by value' }).click();
  dialog = page.getByRole('dialog', { name: 'Revoke a token by value' });
  await dialog.getByLabel('The token').fill(leaked);
  await dialog.getByRole('button', { name: 'REVOKE' }).click();
  await dialog.getByRole('alert').waitFor();
  await page.keyboard.press('Escape');
  assertClean(problems, { network: false }); // the second, refused revoke is the point here
  await page.close();
});

test('User Details: names and roles saved with PATCH, the user deleted after a confirmation', async () => {
  const created = await call(api.url, 'POST', '/v1/users', api.adminToken, {
    firstName: 'Ada', lastName: 'Lovelace', email: email('edit'), loginOption: 'NON_INTERACTIVE',
    roles: [{ name: 'DEVELOPER' }, { name: 'WORKSPACE_VIEWER', workspaces: ['ws-1'] }],
  });
  const { page, problems } = await watchedPage(browser.context);
  await signIn(page, api.adminToken);
  await page.goto(`${api.url}/console/#/users/${created.body.id}`);
  await page.getByRole('button', { name: 'Save changes' }).waitFor();
  await page.getByLabel('Last name').fill('King');
  await page.getByRole('checkbox', { name: 'Workspace viewer', exact: true }).uncheck();
  await page.getByRole('checkbox', { name: 'Workspace manager', exact: true }).check();
  await page.getByLabel('Workspaces for Workspace manager').fill('ws-2, ws-3');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved: Ada King' }).waitFor();
  await page.getByRole('heading', { level: 1, name: 'Ada King' }).waitFor();
  const saved = await call(api.url, 'GET', `/v1/users/${created.body.id}`, api.adminToken);
  assert.equal(saved.body.lastName, 'King');
  assert.deepEqual(saved.body.roles.map((r) => r.name).sort(), ['DEVELOPER', 'WORKSPACE_MANAGER']);
  assert.deepEqual(saved.body.roles.find((r) => r.name === 'WORKSPACE_MANAGER').workspaces, ['ws-2', 'ws-3']);

  // A refusal shows the problem's detail: a scoped role without workspaces.
  await page.getByLabel('Workspaces for Workspace manager').fill(' ');
  await page.getByLabel('Workspaces for Workspace manager').evaluate((e) => { e.required = false; });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('alert').filter({ hasText: /workspaces/i }).waitFor();

  await page.getByRole('button', { name: 'Delete user' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete User' });
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await confirm.waitFor({ state: 'detached' });
  assert.equal((await call(api.url, 'GET', `/v1/users/${created.body.id}`, api.adminToken)).status, 200, 'Cancel deletes nothing');
  await page.getByRole('button', { name: 'Delete user' }).click();
  await confirm.getByRole('button', { name: 'DELETE' }).click();
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'deleted' }).waitFor();
  assert.equal((await call(api.url, 'GET', `/v1/users/${created.body.id}`, api.adminToken)).status, 404);
  assertClean(problems, { network: false }); // the refused PATCH is on purpose
  await page.close();
});

test('Users: pages of 50 with Load more, filter by login option, search by email', async () => {
  const stamp = Date.now();
  for (let i = 0; i < 51; i += 8) {
    await Promise.all(Array.from({ length: Math.min(8, 51 - i) }, (_, k) => call(api.url, 'POST', '/v1/users', api.adminToken, {
      firstName: 'Page', lastName: String(i + k), email: `page-${stamp}-${i + k}@example.com`, loginOption: 'NON_INTERACTIVE', roles: [],
    }).then((r) => assert.equal(r.status, 201))));
  }
  const human = `human-${stamp}@example.com`;
  await call(api.url, 'POST', '/v1/users', api.adminToken, { firstName: 'Hu', lastName: 'Man', email: human, loginOption: 'INTERACTIVE', roles: [] });
  const { page, problems } = await watchedPage(browser.context);
  await signIn(page, api.adminToken);
  const rows = page.locator('tbody tr');
  await page.getByRole('button', { name: 'Load more users' }).waitFor();
  assert.equal(await rows.count(), 50);
  await page.getByRole('button', { name: 'Load more users' }).click();
  await page.getByRole('button', { name: 'Load more users' }).waitFor({ state: 'hidden' });
  assert.ok(await rows.count() > 52);
  await page.getByLabel('Search by email').fill(`page-${stamp}-42@`);
  assert.equal(await rows.count(), 1);
  await page.getByLabel('Search by email').fill('');
  await page.getByLabel('Login option').selectOption('INTERACTIVE');
  await page.getByRole('row').filter({ hasText: human }).waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('tbody tr')].every((r) => r.textContent.includes('Interactive') && !r.textContent.includes('Non Interactive')));
  assertClean(problems);
  await page.close();
});

test('API values are text: a user named <img src=x onerror=alert(1)> shows those characters', async () => {
  const user = await call(api.url, 'POST', '/v1/users', api.adminToken, {
    firstName: XSS, lastName: '<script>alert(2)</script>', email: email('xss'), loginOption: 'NON_INTERACTIVE', roles: [{ name: 'DEVELOPER' }],
  });
  assert.equal(user.status, 201);
  await call(api.url, 'POST', `/v1/users/${user.body.id}/tokens`, api.adminToken, { label: '"><svg onload=alert(3)>' });
  const { page, problems } = await watchedPage(browser.context);
  await signIn(page, api.adminToken);
  const link = page.getByRole('link', { name: `${XSS} <script>alert(2)</script>` });
  await page.getByRole('status').filter({ hasText: 'loaded users shown' }).waitFor();
  // the list is in table order, 50 a page: load pages until the user is among them
  const more = page.getByRole('button', { name: 'Load more users' });
  while (await link.count() === 0 && await more.isVisible()) {
    await more.click();
  }
  await link.waitFor();
  await link.click();
  await page.getByRole('heading', { level: 1, name: `${XSS} <script>alert(2)</script>` }).waitFor();
  await page.getByRole('link', { name: 'User App Tokens' }).click();
  await page.getByRole('cell', { name: '"><svg onload=alert(3)>', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByRole('row').nth(1).waitFor();
  assert.equal(await page.locator('img[src="x"], main script, main svg[onload]').count(), 0, 'no element was made from the text');
  assertClean(problems);
  await page.close();
});

test('the sidebar links the API description, which the API serves without a token', async () => {
  const { page, problems } = await watchedPage(browser.context);
  await signIn(page, api.adminToken);
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API description (OpenAPI)' });
  const href = await link.evaluate((a) => a.href);
  assert.equal(href, `${api.url}/v1/openapi.json`);
  const served = await call(api.url, 'GET', '/v1/openapi.json');
  assert.equal(served.status, 200, 'no token needed, through the gateway as deployed');
  assert.match(served.body.openapi, /^3\./);
  assert.ok(served.body.paths['/v1/users/{id}/tokens'], 'the admin API is described');
  assertClean(problems);
  await page.close();
});

test('a token revoked mid-session sends the console back to sign-in, with the reason', async () => {
  const { token, path } = await anotherAdmin();
  const { page, problems } = await watchedPage(browser.context);
  await signIn(page, token);
  await page.getByRole('status').filter({ hasText: 'loaded users shown' }).waitFor();
  assert.equal((await call(api.url, 'DELETE', path, api.adminToken)).status, 204);
  await page.getByRole('link', { name: 'Roles' }).click();
  await page.getByRole('heading', { name: 'Sign in to Access Management' }).waitFor();
  assert.match(await page.getByRole('alert').innerText(), /session has ended/);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'the token is forgotten');
  await shot(page, '11-session-ended');
  assertClean(problems, { network: false }); // the refused call is the point here
  await page.close();
});

test('keyboard only: sign in, create a user, Escape closes a modal and focus returns', async () => {
  const { page, problems } = await watchedPage(browser.context);
  await page.goto(`${api.url}/console/`);
  await page.getByLabel('User app token', { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.name), 'token', 'the token field has focus');
  await page.keyboard.type(api.adminToken);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();

  const tabTo = async (describe, test) => {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(test)) {
        return;
      }
    }
    assert.fail(`Tab never reached ${describe}`);
  };
  await tabTo('the + button', () => document.activeElement?.getAttribute('aria-label') === 'New user');
  await page.keyboard.press('Enter');
  const modal = page.getByRole('dialog', { name: 'New User' });
  await modal.waitFor();
  await page.keyboard.press('Escape');
  await modal.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('aria-label')), 'New user', 'focus is back on +');

  await page.keyboard.press('Enter');
  await modal.waitFor();
  const address = email('keys');
  await page.keyboard.type('Key');
  await page.keyboard.press('Tab');
  await page.keyboard.type('Board');
  await page.keyboard.press('Tab');
  await page.keyboard.type(address);
  await tabTo('Workspace viewer', () => document.activeElement?.value === 'WORKSPACE_VIEWER');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ws-9');
  await tabTo('+ Create', () => document.activeElement?.textContent === '+ Create');
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: `User ${address} created (Developer, Workspace viewer (ws-9))` }).waitFor();
  assertClean(problems);
  await page.close();
});

test('axe-core finds no serious or critical violation on any screen', async () => {
  // A context of its own that lets the axe script in: the console's CSP rightly refuses injected scripts.
  const scanner = await startBrowser({ bypassCSP: true });
  try {
    const { page, problems } = await watchedPage(scanner.context);
    const found = [];
    const scan = async (screen) => {
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
      for (const v of result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        found.push(`${screen}: ${v.id} (${v.impact}) ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      }
    };
    await page.goto(`${api.url}/console/`);
    await page.getByLabel('User app token', { exact: true }).waitFor();
    await scan('sign in');
    await page.getByLabel('User app token', { exact: true }).fill(api.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('row').nth(1).waitFor();
    await scan('users');
    await page.getByRole('button', { name: 'New user', exact: true }).click();
    await page.getByRole('dialog', { name: 'New User' }).waitFor();
    await scan('new user');
    await page.keyboard.press('Escape');
    await page.getByRole('row').nth(1).getByRole('link').click();
    await page.getByRole('button', { name: 'Save changes' }).waitFor();
    await scan('user details');
    await page.getByRole('link', { name: 'User App Tokens' }).click();
    await page.getByRole('button', { name: 'CREATE USER APP TOKEN' }).waitFor();
    await scan('user app tokens');
    await page.getByRole('button', { name: 'CREATE USER APP TOKEN' }).click();
    await page.getByRole('dialog', { name: 'New User App Token' }).waitFor();
    await scan('new user app token');
    await page.keyboard.press('Escape');
    await page.getByRole('link', { name: 'Roles' }).click();
    await page.getByRole('row').nth(1).waitFor();
    await scan('roles');
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('row').nth(1).waitFor();
    await scan('audit');
    assert.deepEqual(found, []);
    assertClean(problems);
  } finally {
    await scanner.close();
  }
});
