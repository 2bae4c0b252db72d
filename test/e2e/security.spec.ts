/**
 * Who may talk to `procdeck serve`: only requests with the session token, for our own
 * Host, and (for the WebSocket) from our own Origin. Node clients set the headers a
 * browser would not let a page set.
 *
 * The server slows down after 20 failed tokens a minute, so this file uses its own server
 * and keeps its failures few.
 */
import { expect, test } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import WebSocket from 'ws';
import { expectNoFixtureProcesses, row } from './support/dashboard';
import { FIXTURES, startServe, type Served } from './support/serve';

test.describe.configure({ mode: 'serial' });

let served: Served;

test.beforeAll(async () => {
  served = await startServe({ dir: join(FIXTURES, 'variants') });
});

test.afterAll(async () => {
  await served?.stop();
  await expectNoFixtureProcesses();
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: served.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a WebSocket; resolves with the HTTP status of a refusal, or 101 and the first message. */
function openSocket(query: string, headers: Record<string, string> = {}): Promise<{ status: number; first?: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${served.port}/ws${query}`, { headers });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('message', (data) => {
      resolve({ status: 101, first: data.toString() });
      ws.close();
    });
    ws.on('error', (error) => reject(error));
  });
}

const token = () => `?token=${encodeURIComponent(served.token)}`;

test('the page is served with a strict Content-Security-Policy', async () => {
  const page = await get('/', { Host: served.host });
  expect(page.status).toBe(200);
  const csp = String(page.headers['content-security-policy']);
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(page.body).not.toMatch(/<script>(?!<\/script>)/); // no inline script
});

test('the log API needs the token', async () => {
  expect((await get('/api/log/api.1', { Host: served.host })).status).toBe(401);
  expect((await get('/api/log/api.1?token=wrong-token', { Host: served.host })).status).toBe(401);
  await expect
    .poll(async () => (await get(`/api/log/api.1${token()}`, { Host: served.host })).body)
    .toContain('hello from api.1');
});

test('a wrong Host header is refused (DNS rebinding)', async () => {
  expect((await get('/', { Host: `evil.example:${served.port}` })).status).toBe(421);
  expect((await get(`/api/log/api.1${token()}`, { Host: `evil.example:${served.port}` })).status).toBe(421);
});

test('a WebSocket without the token, with a wrong token, from a foreign Origin or for a wrong Host is refused', async () => {
  expect((await openSocket('')).status).toBe(401);
  expect((await openSocket('?token=wrong-token')).status).toBe(401);
  expect((await openSocket(token(), { Origin: 'http://evil.example' })).status).toBe(403);
  expect((await openSocket(token(), { Origin: `http://127.0.0.1:${served.port + 1}` })).status).toBe(403);
  expect((await openSocket(token(), { Host: `evil.example:${served.port}` })).status).toBe(421);
  const ok = await openSocket(token(), { Origin: served.origin });
  expect(ok.status).toBe(101);
  expect(JSON.parse(ok.first ?? '{}')).toMatchObject({ event: 'snapshot' });
});

test('a page opened with a wrong token says it cannot connect', async ({ page }) => {
  await page.goto(`${served.origin}/#token=not-the-token`);
  await expect(page.getByRole('alert')).toContainText('cannot connect to procdeck serve');
  await page.close();
});

test('the token leaves the page address once read, and a reload of the same tab still connects', async ({
  page,
  context,
}) => {
  await page.goto(served.url);
  await expect(row(page, 'api.1')).toBeVisible();
  // Not in the address bar, the back/forward list's entry, or a link copied from the page.
  expect(page.url()).toBe(`${served.origin}/`);
  expect(await page.evaluate(() => location.hash)).toBe('');
  await page.reload();
  await expect(row(page, 'api.1')).toBeVisible();
  expect(page.url()).not.toContain('token');
  // Another tab has no token: the kept one belongs to the tab that was given it.
  const other = await context.newPage();
  await other.goto(`${served.origin}/`);
  await expect(other.getByRole('alert')).toContainText('#token=');
  await other.close();
  await page.close();
});
