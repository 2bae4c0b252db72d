/**
 * The window factory's security options, the CSP, and the guards every page gets —
 * asserted, not remembered (Electron's security checklist, reliability.md §4).
 */
import { describe, expect, it } from 'vitest';
import { APP_SOURCE, isOwnUrl, rendererSource } from '../../electron/main/app-origin';
import { appProtocolHandler, rendererCsp, resolveAppAsset } from '../../electron/main/app-protocol';
import {
  guardContents,
  hardenSession,
  navigationDecision,
  secureWebPreferences,
  windowOptions,
} from '../../electron/main/window-factory';
import { FakeContents, FakeSession, preventable } from './fakes';

describe('the window factory', () => {
  it('creates every window with the secure web preferences', () => {
    const options = windowOptions({
      preloadPath: '/app/out/preload/index.cjs',
      isDev: false,
      bounds: { width: 1280, height: 800 },
      backgroundColor: '#000',
    });
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    });
    expect(options.webPreferences?.enableBlinkFeatures).toBeUndefined();
    expect(options.webPreferences?.disableBlinkFeatures).toContain('Auxclick');
    expect(options.show).toBe(false);
  });

  it('offers developer tools only in development builds', () => {
    expect(secureWebPreferences('/p.cjs', true).devTools).toBe(true);
    expect(secureWebPreferences('/p.cjs', false).devTools).toBe(false);
  });

  it('loads a CommonJS preload (a sandboxed preload must be CommonJS)', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs', false).preload).toMatch(/\.cjs$/);
  });
});

describe('the Content-Security-Policy', () => {
  const directives = (csp: string) =>
    new Map(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values] as const),
    );

  it('is strict for the app: scripts and connections only from the app, no eval, nothing embedded', () => {
    const csp = directives(rendererCsp(APP_SOURCE));
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(rendererCsp(APP_SOURCE)).not.toMatch(/unsafe-eval|\*/);
  });

  it('comes as a header with every app:// response, documents and errors alike', async () => {
    const handler = appProtocolHandler('/app/out/renderer', rendererCsp(APP_SOURCE), (file) =>
      file === '/app/out/renderer/index.html'
        ? Promise.resolve(new TextEncoder().encode('<!doctype html>'))
        : Promise.reject(new Error('ENOENT')),
    );
    const page = await handler(new Request('app://procdeck/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toBe(rendererCsp(APP_SOURCE));
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const missing = await handler(new Request('app://procdeck/nope.js'));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-security-policy')).toBe(rendererCsp(APP_SOURCE));
    expect((await handler(new Request('app://procdeck/index.html', { method: 'POST' }))).status).toBe(405);
  });

  it('lets the development server (development builds only) connect its HMR socket', () => {
    const dev = rendererSource('http://localhost:5173/', false);
    expect(dev.devServer).toBe(true);
    expect(rendererCsp(dev)).toContain('ws://localhost:5173');
    expect(rendererSource('http://localhost:5173/', true)).toBe(APP_SOURCE);
    expect(rendererSource('http://evil.example:5173/', false)).toBe(APP_SOURCE);
    expect(rendererSource('https://localhost:5173/', false)).toBe(APP_SOURCE);
  });
});

describe('the app protocol', () => {
  const root = '/app/out/renderer';
  it.each([
    ['app://procdeck/', '/app/out/renderer/index.html'],
    ['app://procdeck/index.html', '/app/out/renderer/index.html'],
    ['app://procdeck/assets/index-1.js', '/app/out/renderer/assets/index-1.js'],
    ['app://procdeck/index.html?x=1#y', '/app/out/renderer/index.html'],
  ])('serves %s from the renderer folder', (url, file) => {
    expect(resolveAppAsset(root, url)).toBe(file);
  });

  it.each([
    'app://procdeck/../../etc/passwd',
    'app://procdeck/%2e%2e/%2e%2e/etc/passwd',
    'app://procdeck/assets/..%2f..%2f..%2fetc/passwd',
  ])('never leaves the renderer folder for %s', (url) => {
    const file = resolveAppAsset(root, url);
    expect(file === null || file.startsWith(`${root}/`)).toBe(true);
  });

  it.each([
    'app://procdeck/a%5c..%5c..%5cb',
    'app://procdeck/%00',
    'app://procdeck/%E0%A4%A',
    'app://other/index.html',
    'app://procdeck.evil/index.html',
    'file:///etc/passwd',
    'https://procdeck/index.html',
  ])('refuses %s', (url) => {
    expect(resolveAppAsset(root, url)).toBeNull();
  });
});

describe('our pages', () => {
  it.each([
    ['app://procdeck/index.html', true],
    ['app://procdeck/', true],
    ['app://procdeck.attacker.com/', false],
    ['app://user:pw@procdeck/', false],
    ['app://other/', false],
    ['https://procdeck/', false],
    ['file:///app/out/renderer/index.html', false],
    ['not a url', false],
  ])('%s is ours: %s', (url, ours) => {
    expect(isOwnUrl(url, APP_SOURCE)).toBe(ours);
  });
});

describe('the page guards', () => {
  function guarded() {
    const contents = new FakeContents();
    const paths: string[] = [];
    const refused: string[] = [];
    guardContents(contents, APP_SOURCE, { pathFromPage: (p) => paths.push(p), refused: (w) => refused.push(w) });
    return { contents, paths, refused };
  }

  it('denies window.open', () => {
    const { contents, refused } = guarded();
    contents.requestWindow('https://evil.example/', 'foreground-tab');
    contents.requestWindow('https://evil.example/', 'new-window');
    expect(contents.popups).toEqual([]);
    expect(refused).toHaveLength(2);
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:5000/',
    'javascript:alert(1)',
    'app://procdeck.evil/',
    'data:text/html,x',
    'chrome://settings',
  ])('denies navigation to %s', (url) => {
    const { contents } = guarded();
    for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const event = preventable({ url, isMainFrame: true });
      contents.emit(name, event);
      expect(event.defaultPrevented, name).toBe(true);
    }
  });

  it('lets our own page reload, but never in a subframe', () => {
    const { contents } = guarded();
    const top = preventable({ url: 'app://procdeck/index.html', isMainFrame: true });
    contents.emit('will-navigate', top);
    expect(top.defaultPrevented).toBe(false);
    const sub = preventable({ url: 'app://procdeck/index.html', isMainFrame: false });
    contents.emit('will-frame-navigate', sub);
    expect(sub.defaultPrevented).toBe(true);
  });

  it('reports a file dropped where the page did not take it (a foreground-tab request for its file: URL), once, and opens no window', () => {
    const { contents, paths } = guarded();
    contents.dropFile('/home/me/my app');
    contents.dropFile('/home/me/my app');
    expect(contents.popups).toEqual([]);
    expect(paths).toEqual(['/home/me/my app']);
  });

  it('reports a navigation to a file: URL as a path, and never navigates', () => {
    const { contents, paths } = guarded();
    const navigate = preventable({ url: 'file:///home/me/app', isMainFrame: true });
    const frame = preventable({ url: 'file:///home/me/app', isMainFrame: true });
    contents.emit('will-navigate', navigate);
    contents.emit('will-frame-navigate', frame);
    expect(navigate.defaultPrevented && frame.defaultPrevented).toBe(true);
    expect(paths).toEqual(['/home/me/app']);
    expect(navigationDecision('file:///home/me/app', APP_SOURCE)).toEqual({ kind: 'path', path: '/home/me/app' });
  });

  it('refuses <webview>', () => {
    const { contents } = guarded();
    const event = preventable();
    contents.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
  });
});

describe('the session’s permissions', () => {
  const hardened = (source = APP_SOURCE) => {
    const session = new FakeSession();
    hardenSession(session, source);
    return session;
  };

  it('lets our own page write to the clipboard (Copy), in the request and in the check', async () => {
    const session = hardened();
    expect(session.check('clipboard-sanitized-write', 'app://procdeck/index.html')).toBe(true);
    expect(await session.request('clipboard-sanitized-write', 'app://procdeck/index.html')).toBe(true);
  });

  it('lets the development server’s page write to the clipboard too', async () => {
    const dev = rendererSource('http://localhost:5173/', false);
    const session = hardened(dev);
    expect(session.check('clipboard-sanitized-write', 'http://localhost:5173/')).toBe(true);
    expect(await session.request('clipboard-sanitized-write', 'http://localhost:5173/')).toBe(true);
    expect(session.check('clipboard-sanitized-write', 'app://procdeck/index.html')).toBe(false);
  });

  it.each([
    ['another page', 'clipboard-sanitized-write', 'https://evil.example/', true],
    ['a look-alike host', 'clipboard-sanitized-write', 'app://procdeck.evil/', true],
    ['a subframe of ours', 'clipboard-sanitized-write', 'app://procdeck/index.html', false],
    ['clipboard reads', 'clipboard-read', 'app://procdeck/index.html', true],
    ['media', 'media', 'app://procdeck/index.html', true],
    ['notifications', 'notifications', 'app://procdeck/index.html', true],
    ['opening external apps', 'openExternal', 'app://procdeck/index.html', true],
  ])('refuses %s, in the request and in the check', async (_what, permission, url, isMainFrame) => {
    const session = hardened();
    expect(session.check(permission, url, isMainFrame)).toBe(false);
    expect(await session.request(permission, url, isMainFrame)).toBe(false);
  });

  it('refuses devices', () => {
    const session = hardened();
    expect(session.device()).toBe(false);
  });

  it('would grant everything without the handlers (Electron’s default), so both must be set', async () => {
    const bare = new FakeSession();
    expect(bare.check('media', 'https://evil.example/')).toBe(true);
    expect(await bare.request('media', 'https://evil.example/')).toBe(true);
  });
});
