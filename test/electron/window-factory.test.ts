/**
 * The window factory's security options, the CSP, and the guards every page gets —
 * asserted, not remembered (Electron's security checklist, reliability.md §4).
 */
import { describe, expect, it } from 'vitest';
import { APP_SOURCE, isOwnUrl, rendererSource } from '../../electron/main/app-origin';
import { appProtocolHandler, rendererCsp, resolveAppAsset } from '../../electron/main/app-protocol';
import { guardContents, hardenSession, navigationDecision, secureWebPreferences, windowOptions, type PermissionSession } from '../../electron/main/window-factory';
import { FakeContents, preventable } from './fakes';

describe('the window factory', () => {
  it('creates every window with the secure web preferences', () => {
    const options = windowOptions({ preloadPath: '/app/out/preload/index.cjs', isDev: false, bounds: { width: 1280, height: 800 }, backgroundColor: '#000' });
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
  const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values] as const));

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
      file === '/app/out/renderer/index.html' ? Promise.resolve(new TextEncoder().encode('<!doctype html>')) : Promise.reject(new Error('ENOENT')),
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

  it.each(['app://procdeck/../../etc/passwd', 'app://procdeck/%2e%2e/%2e%2e/etc/passwd', 'app://procdeck/assets/..%2f..%2f..%2fetc/passwd'])(
    'never leaves the renderer folder for %s',
    (url) => {
      const file = resolveAppAsset(root, url);
      expect(file === null || file.startsWith(`${root}/`)).toBe(true);
    },
  );

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
    const dropped: string[] = [];
    const refused: string[] = [];
    guardContents(contents, APP_SOURCE, { droppedPath: (p) => dropped.push(p), refused: (w) => refused.push(w) });
    return { contents, dropped, refused };
  }

  it('denies window.open', () => {
    const { contents, refused } = guarded();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(refused).toHaveLength(1);
  });

  it.each(['https://evil.example/', 'http://127.0.0.1:5000/', 'javascript:alert(1)', 'app://procdeck.evil/', 'data:text/html,x', 'chrome://settings'])(
    'denies navigation to %s',
    (url) => {
      const { contents } = guarded();
      for (const name of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
        const event = preventable({ url, isMainFrame: true });
        contents.emit(name, event);
        expect(event.defaultPrevented, name).toBe(true);
      }
    },
  );

  it('lets our own page reload, but never in a subframe', () => {
    const { contents } = guarded();
    const top = preventable({ url: 'app://procdeck/index.html', isMainFrame: true });
    contents.emit('will-navigate', top);
    expect(top.defaultPrevented).toBe(false);
    const sub = preventable({ url: 'app://procdeck/index.html', isMainFrame: false });
    contents.emit('will-frame-navigate', sub);
    expect(sub.defaultPrevented).toBe(true);
  });

  it('turns a folder dropped on the window into an open request, once, and never navigates', () => {
    const { contents, dropped } = guarded();
    const navigate = preventable({ url: 'file:///home/me/app', isMainFrame: true });
    const frame = preventable({ url: 'file:///home/me/app', isMainFrame: true });
    contents.emit('will-navigate', navigate);
    contents.emit('will-frame-navigate', frame);
    expect(navigate.defaultPrevented && frame.defaultPrevented).toBe(true);
    expect(dropped).toEqual(['/home/me/app']);
    expect(navigationDecision('file:///home/me/app', APP_SOURCE)).toEqual({ kind: 'dropped-path', path: '/home/me/app' });
  });

  it('refuses <webview>', () => {
    const { contents } = guarded();
    const event = preventable();
    contents.emit('will-attach-webview', event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('refuses every permission request and check', () => {
    const handlers: Record<string, unknown> = {};
    const session = {
      setPermissionRequestHandler: (h: unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: unknown) => (handlers.device = h),
    } as unknown as PermissionSession;
    hardenSession(session);
    const granted: boolean[] = [];
    (handlers.request as (w: unknown, p: string, cb: (g: boolean) => void) => void)({}, 'media', (g) => granted.push(g));
    (handlers.request as (w: unknown, p: string, cb: (g: boolean) => void) => void)({}, 'notifications', (g) => granted.push(g));
    expect(granted).toEqual([false, false]);
    expect((handlers.check as (w: unknown, p: string) => boolean)({}, 'clipboard-read')).toBe(false);
    expect((handlers.device as (d: unknown) => boolean)({})).toBe(false);
  });
});
