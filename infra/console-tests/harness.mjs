// What the console tests run on: infra/local/start-api on a free port with its own state directory,
// and Debian's Chromium driven by playwright-core (which downloads no browser of its own).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '..', '..');
export const SHOTS = resolve(process.env.SCREENSHOTS ?? join(HERE, 'screenshots'));
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// The flags that work on these machines (no GPU, no sandbox as root, no calls home).
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Starts the local API; resolves once it says it is ready. stop() ends it by its PID and waits. */
export async function startApi() {
  mkdirSync(SHOTS, { recursive: true });
  const port = await freePort();
  const state = mkdtempSync(join(tmpdir(), 'uat-console-state-'));
  const log = createWriteStream(join(SHOTS, 'start-api.log'));
  const child = spawn(join(ROOT, 'infra/local/start-api'), ['--port', String(port), '--state-dir', state],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.pipe(log);
  const exited = new Promise((ok) => child.on('exit', (code, signal) => ok(code ?? signal)));
  const started = Date.now();
  await new Promise((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error('start-api was not ready within 180 s (see start-api.log)')), 180_000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      log.write(String(chunk).replace(/uat_[0-9A-Za-z]{44}/g, 'uat_<redacted>'));
      if (out.includes('Local API ready on')) {
        clearTimeout(timer);
        ok();
      }
    });
    exited.then((code) => {
      clearTimeout(timer);
      fail(new Error(`start-api exited (${code}) before it was ready (see ${join(SHOTS, 'start-api.log')})`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    startupMs: Date.now() - started,
    adminToken: readFileSync(join(state, 'admin.token'), 'utf8').trim(),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, 'SIGTERM');
        const timeout = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 30_000);
        await exited;
        clearTimeout(timeout);
      }
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** Chromium with a fresh profile; options go to the context (e.g. bypassCSP for the axe scan). */
export async function startBrowser(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'uat-console-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 800 }, ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page that records what must never happen: script errors, console errors (CSP reports too), dialogs. */
export async function watchedPage(context) {
  const page = await context.newPage();
  const problems = { errors: [], network: [], dialogs: [] };
  page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      // A refused request (401/403 on purpose) is logged by Chromium too; kept apart from script errors.
      (m.text().startsWith('Failed to load resource') ? problems.network : problems.errors).push(m.text());
    }
  });
  page.on('dialog', (d) => {
    problems.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  return { page, problems };
}

/** The API over plain HTTP, as any client (not the browser) calls it. */
export async function call(url, method, path, token, body) {
  const headers = { Accept: 'application/json' };
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export async function shot(page, name, options = {}) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), ...options });
}
