/**
 * One module serves the renderer to both hosts: the desktop app's app:// protocol and
 * `procdeck serve`'s http answer the same paths with the same files, the same content
 * types and the same security headers (they once drifted apart). The http half is a real
 * `procdeck serve` over a socket; both read the real build in out/renderer.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../electron/host/content-security-policy';
import { contentTypeOf, resolveRendererFile, securityHeaders } from '../../electron/host/renderer-files';
import { APP_SOURCE } from '../../electron/main/app-origin';
import { appProtocolHandler, rendererCsp } from '../../electron/main/app-protocol';
import { startServe, type Serve } from '../reliability/web-support';

const ROOT = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

describe('resolveRendererFile', () => {
  it.each([
    [[''], 'index.html'],
    [[], 'index.html'],
    [['index.html'], 'index.html'],
    [['assets', 'index-1.js'], 'assets/index-1.js'],
  ])('%j is %s under the root', (segments, relative) => {
    expect(resolveRendererFile('/app/out/renderer', segments)).toBe(`/app/out/renderer/${relative}`);
    expect(resolveRendererFile('/app/out/renderer/', segments)).toBe(`/app/out/renderer/${relative}`);
  });

  it.each([
    [['..', 'etc', 'passwd']],
    [['.']],
    [['a/../../b']],
    [['a\\..\\b']],
    [['x\0']],
    [['assets', '..', '..', 'x']],
  ])('refuses %j', (segments) => {
    expect(resolveRendererFile('/app/out/renderer', segments)).toBeNull();
  });
});

describe('the MIME table and the headers', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['a.JS', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.woff2', 'font/woff2'],
    ['a.wasm', 'application/wasm'],
    ['noext', 'application/octet-stream'],
  ])('%s is %s', (file, type) => {
    expect(contentTypeOf(file)).toBe(type);
  });

  it('are the strict set: no framing, no sniffing, no caching, no referrer, no cross-origin use', () => {
    expect(securityHeaders('CSP')).toEqual({
      'Content-Security-Policy': 'CSP',
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Referrer-Policy': 'no-referrer',
      'X-Frame-Options': 'DENY',
      'Cache-Control': 'no-store',
    });
  });
});

describe('app:// and http serve the renderer alike', () => {
  let serve: Serve;
  let project: string;
  const app = appProtocolHandler(ROOT, rendererCsp(APP_SOURCE));
  const asset = readdirSync(join(ROOT, 'assets')).find((f) => f.endsWith('.js')) as string;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'procdeck-files-'));
    writeFileSync(join(project, 'Procfile'), 'web: exec sleep 1000\n');
    serve = await startServe([project, '--pipes']);
  });
  afterAll(async () => {
    await serve.stop();
    rmSync(project, { recursive: true, force: true });
  });

  function http(
    path: string,
    method = 'GET',
  ): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    return new Promise((resolve, reject) => {
      // A fresh connection each time: no keep-alive socket the server may have closed meanwhile.
      const req = request(
        { host: '127.0.0.1', port: serve.port, path, method, agent: false, headers: { host: serve.host } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (d: Buffer) => chunks.push(d));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers as Record<string, string>,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  /** The headers both hosts must agree on (the CSP differs: serve's lets the page reach its own WebSocket). */
  const SAME = [
    'content-type',
    'x-content-type-options',
    'cross-origin-resource-policy',
    'cross-origin-opener-policy',
    'referrer-policy',
    'x-frame-options',
    'cache-control',
  ];
  const pick = (get: (name: string) => string | null | undefined) =>
    Object.fromEntries(SAME.map((name) => [name, get(name) ?? null]));

  it.each([
    ['the root', '/'],
    ['the page', '/index.html'],
    ['a script', () => `/assets/${asset}`],
  ])('%s: the same bytes, type and headers', async (_what, pathOf) => {
    const path = typeof pathOf === 'function' ? pathOf() : pathOf;
    const web = await http(path);
    const desktop = await app(new Request(`app://procdeck${path}`));
    expect(web.status).toBe(200);
    expect(desktop.status).toBe(200);
    expect(Buffer.from(await desktop.arrayBuffer())).toEqual(web.body);
    expect(web.body).toEqual(readFileSync(join(ROOT, path === '/' ? 'index.html' : path.slice(1))));
    expect(pick((n) => desktop.headers.get(n))).toEqual(pick((n) => web.headers[n]));
    expect(pick((n) => web.headers[n])).toMatchObject({
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    expect(desktop.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    expect(web.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it.each([
    ['a missing file', '/nope.js'],
    ['an encoded way out', '/%2e%2e/%2e%2e/etc/passwd'],
    ['an encoded separator', '/assets%2f..%2f..%2fpackage.json'],
    ['an encoded backslash', '/a%5c..%5c..%5cb'],
    ['a folder', '/assets'],
  ])('%s is refused by both, with the security headers', async (_what, path) => {
    const web = await http(path);
    const desktop = await app(new Request(`app://procdeck${path}`));
    expect([400, 404]).toContain(web.status);
    expect(desktop.status).toBe(404);
    for (const name of SAME.filter((n) => n !== 'content-type'))
      expect(desktop.headers.get(name), name).toBe(web.headers[name]);
  });

  it('HEAD gets the headers without a body on both', async () => {
    const web = await http('/index.html', 'HEAD');
    const desktop = await app(new Request('app://procdeck/index.html', { method: 'HEAD' }));
    expect(web.status).toBe(200);
    expect(desktop.status).toBe(200);
    expect(web.body.length).toBe(0);
    expect(desktop.body).toBeNull();
    expect(pick((n) => desktop.headers.get(n))).toEqual(pick((n) => web.headers[n]));
  });
});
