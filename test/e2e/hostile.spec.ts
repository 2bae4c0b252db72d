/**
 * A page the user merely visits points images, scripts, iframes, fetches and WebSockets
 * at `procdeck serve` with malformed targets (`//x:99999` and `//[` once made `new URL()`
 * throw, ended serve, and its lifeline stopped every process). Afterwards serve still
 * serves the dashboard, and every instance has the pid it had.
 */
import { expect, test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  expectNoFixtureProcesses,
  expectTerminalLine,
  row,
  rowPid,
  rowState,
  terminalTextPoint,
} from './support/dashboard';
import { FIXTURES, startServe, type Served } from './support/serve';

let served: Served;
/** The attacker's site: another origin on this machine (a page on the public web is kept from loopback by Chromium's local-network rules, a local one is not). */
let attackerSite: Server;
let attackerUrl: string;

test.beforeAll(async () => {
  served = await startServe({ dir: join(FIXTURES, 'basic') });
  attackerSite = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><title>an ordinary page</title><body></body>');
  });
  await new Promise<void>((done) => attackerSite.listen(0, '127.0.0.1', () => done()));
  attackerUrl = `http://127.0.0.1:${(attackerSite.address() as AddressInfo).port}/`;
});

test.afterAll(async () => {
  attackerSite?.close();
  await served?.stop();
  await expectNoFixtureProcesses();
});

// First in this file: the ticker's link line scrolls out of view after some 20 s.
test('an OSC 8 link shows its real target on hover, before it can be opened', async ({ page }) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'web.1', exact: true }).click();
  const view = 'instance:web.1';
  await expectTerminalLine(page, view, /^links: a file link a script link a web link$/);
  const host = page.locator(`.terminal-host[data-view="${view}"]`);
  await expect(host).not.toHaveAttribute('title', /.+/);
  const point = await terminalTextPoint(page, view, 'a web link', 3);
  await page.mouse.move(point.x - 3, point.y);
  await page.mouse.move(point.x, point.y);
  // The visible words say "a web link"; the hover says where it really goes.
  await expect(host).toHaveAttribute('title', /^Opens http:\/\/127\.0\.0\.1:\d+\/osc8$/);
  // The file: link is no link at all: nothing to show, nothing to open.
  const file = await terminalTextPoint(page, view, 'a file link', 3);
  await page.mouse.move(file.x, file.y);
  await expect(host).not.toHaveAttribute('title', /.+/);
});

const HOSTILE_PATHS = [
  '//x:99999',
  '//[',
  '//[::1',
  '/%',
  '/%zz',
  '/api/log/%',
  '/api/log/%c0',
  '/ws/..%2f',
  `/${'a'.repeat(9000)}`,
  '/..%2f..%2fetc/passwd',
];

test('a hostile page cannot crash serve: the dashboard still loads and every instance keeps its pid', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const dashboard = await browser.newPage();
  await dashboard.goto(served.url);
  await expect(rowState(dashboard, 'web.1')).toHaveText('ready');
  // The long-running instances (the fixture's crasher crashes on its own).
  const ids = ['web.1', 'worker.1', 'repl.1'];
  for (const id of ids) await expect(rowState(dashboard, id)).toHaveText('ready');
  const before = Object.fromEntries(
    await Promise.all(ids.map(async (id) => [id, await rowPid(dashboard, id)] as const)),
  );
  expect(Object.values(before).every((pid) => typeof pid === 'number')).toBe(true);

  // The attacker's page: another origin, as any site the user visits.
  const attacker = await browser.newPage();
  await attacker.goto(attackerUrl);
  const base = `http://127.0.0.1:${served.port}`;
  const outcomes = await attacker.evaluate(
    async ({ base, paths, token }) => {
      const settled: string[] = [];
      const img = (src: string) =>
        new Promise<void>((done) => {
          const el = document.createElement('img');
          el.onload = el.onerror = () => done();
          el.src = src;
          document.body.append(el);
        });
      const frame = (src: string) =>
        new Promise<void>((done) => {
          const el = document.createElement('iframe');
          el.onload = () => done();
          setTimeout(done, 500);
          el.src = src;
          document.body.append(el);
        });
      const socket = (url: string) =>
        new Promise<string>((done) => {
          try {
            const ws = new WebSocket(url);
            ws.onopen = () => done('open');
            ws.onerror = () => done('error');
            ws.onclose = () => done('closed');
          } catch (error) {
            done(`threw ${String(error)}`);
          }
        });
      for (const path of paths) {
        await img(base + path);
        await img(`${base + path}?token=${token}`);
        if (path.startsWith('//')) await frame(base + path);
        await fetch(base + path, { mode: 'no-cors' }).catch(() => undefined);
      }
      // Chromium delays each WebSocket after a failed one, so only a few of those.
      for (const path of ['//x:99999', '//[', '/ws/..%2f', '/ws?token=%'])
        settled.push(await socket(`${base.replace('http', 'ws')}${path}`));
      // Even the right token from a foreign page: the Origin check refuses the socket.
      settled.push(await socket(`${base.replace('http', 'ws')}/ws?token=${token}`));
      return settled;
    },
    { base, paths: HOSTILE_PATHS, token: served.token },
  );
  // No socket from the foreign page ever opened.
  expect(outcomes).not.toContain('open');
  await attacker.close();

  // serve is alive, the dashboard loads afresh, and nothing was restarted.
  await dashboard.reload();
  for (const id of ids) await expect(rowState(dashboard, id)).toHaveText('ready');
  const after = Object.fromEntries(
    await Promise.all(ids.map(async (id) => [id, await rowPid(dashboard, id)] as const)),
  );
  expect(after).toEqual(before);
  await expect(row(dashboard, 'web.1')).toBeVisible();
  expect(served.output()).not.toMatch(/TypeError|Invalid URL|ERR_/);
  await dashboard.close();
});

test('"Full log" opens the whole log through a single-use handle: no token and no path in its address', async ({
  page,
  context,
}) => {
  await page.goto(served.url);
  await page.getByRole('button', { name: 'web.1', exact: true }).click();
  await expectTerminalLine(page, 'instance:web.1', /hello from web\.1/);
  const popup = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Full log' }).click();
  const log = await popup;
  await log.waitForLoadState();
  expect(log.url()).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${served.port}/log/[A-Za-z0-9_-]+$`));
  expect(log.url()).not.toContain(served.token);
  await expect(log.locator('body')).toContainText('hello from web.1');
  // Used once: the address the browser keeps in its history opens nothing.
  const again = await log.goto(log.url());
  expect(again?.status()).toBe(404);
  await log.close();
});
