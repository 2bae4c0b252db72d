/**
 * The one factory for Procdeck windows, and the guards every window's page gets.
 *
 * Electron's security checklist, applied here and asserted by test/electron/window-factory.test.ts:
 * context isolation, the sandbox, no Node integration anywhere, web security on, no
 * insecure content, no experimental or Blink features, no <webview>, no popups (window.open
 * denied), no navigation away from our pages, and a preload that exposes only the contract.
 * The CSP comes with every response of the app protocol (app-protocol.ts); permissions are
 * refused by the session (hardenSession).
 */
import type { BrowserWindowConstructorOptions, Session, WebPreferences } from 'electron';
import { fileURLToPath } from 'node:url';
import { isOwnUrl, type RendererSource } from './app-origin';

export const MIN_WINDOW_SIZE = { width: 800, height: 560 } as const;
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const;

export function secureWebPreferences(preloadPath: string, isDev: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    // Electronegativity's AUXCLICK check: a middle click must not open anything.
    disableBlinkFeatures: 'Auxclick',
    // A folder dropped on the window becomes a navigation to file://…, which the
    // navigation guard turns into "open this project" and cancels.
    navigateOnDragDrop: true,
    safeDialogs: true,
    spellcheck: false,
    devTools: isDev,
  };
}

export interface WindowSpec {
  readonly preloadPath: string;
  readonly isDev: boolean;
  readonly bounds: { readonly x?: number; readonly y?: number; readonly width: number; readonly height: number };
  readonly backgroundColor: string;
  readonly icon?: string | undefined;
}

export function windowOptions(spec: WindowSpec): BrowserWindowConstructorOptions {
  return {
    ...spec.bounds,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Procdeck',
    show: false,
    backgroundColor: spec.backgroundColor,
    ...(spec.icon ? { icon: spec.icon } : {}),
    webPreferences: secureWebPreferences(spec.preloadPath, spec.isDev),
  };
}

/** What the guards need of a window's `webContents` (the real one satisfies it). */
export interface NavigationEvent {
  readonly url: string;
  readonly isMainFrame: boolean;
  preventDefault(): void;
}

export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

export type NavigationDecision =
  | { readonly kind: 'allow' }
  /** A file or folder dropped on the window: cancel, and offer to open it. */
  | { readonly kind: 'dropped-path'; readonly path: string }
  | { readonly kind: 'deny' };

/** Our own pages may load (a reload, the dev server); a file:// URL is a drop; nothing else. */
export function navigationDecision(url: string, source: RendererSource): NavigationDecision {
  if (isOwnUrl(url, source)) return { kind: 'allow' };
  if (url.startsWith('file:')) {
    try {
      return { kind: 'dropped-path', path: fileURLToPath(url) };
    } catch {
      return { kind: 'deny' };
    }
  }
  return { kind: 'deny' };
}

export interface GuardHooks {
  /** A path was dropped on the window. */
  droppedPath(path: string): void;
  /** Something was refused, for the log. */
  refused?(what: string): void;
}

/** Installs the navigation, popup and webview guards on a window's page. */
export function guardContents(contents: GuardedContents, source: RendererSource, hooks: GuardHooks): void {
  contents.setWindowOpenHandler((details) => {
    hooks.refused?.(`window.open(${details.url.slice(0, 200)})`);
    return { action: 'deny' };
  });
  // A drop may show up as both will-navigate and will-frame-navigate: report it once.
  let lastDrop: { path: string; at: number } | null = null;
  const guard = (what: string) => (event: NavigationEvent) => {
    const decision = navigationDecision(event.url, source);
    // Our pages load only in the top frame: Procdeck has no iframes.
    if (decision.kind === 'allow' && event.isMainFrame) return;
    event.preventDefault();
    if (decision.kind === 'dropped-path' && event.isMainFrame) {
      const now = Date.now();
      if (lastDrop && lastDrop.path === decision.path && now - lastDrop.at < 1000) return;
      lastDrop = { path: decision.path, at: now };
      hooks.droppedPath(decision.path);
      return;
    }
    hooks.refused?.(`${what} to ${event.url.slice(0, 200)}`);
  };
  contents.on('will-navigate', guard('will-navigate'));
  contents.on('will-frame-navigate', guard('will-frame-navigate'));
  contents.on('will-redirect', guard('will-redirect'));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    hooks.refused?.('a <webview>');
  });
}

/** What the permission guard needs of a `Session`. */
export type PermissionSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'>;

/** Procdeck needs no permission: camera, notifications from pages, clipboard reads, USB… all refused. */
export function hardenSession(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}
