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
import type { BrowserWindowConstructorOptions, HandlerDetails, Session, WebPreferences } from 'electron';
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
    // The page takes drops itself (the preload resolves the dropped File's path); one it
    // does not take becomes a new-tab request for its file: URL, which the window-open
    // guard turns into a question (guardContents).
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

/** What the window-open handler reads of a request (Electron's HandlerDetails). */
export type WindowOpenDetails = Pick<HandlerDetails, 'url' | 'disposition'>;

export interface GuardedContents {
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void;
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
}

export type NavigationDecision =
  | { readonly kind: 'allow' }
  /** A file: URL (a drop the page did not take, or the page's own doing): cancel, and ask about the path. */
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'deny' };

/** Our own pages may load (a reload, the dev server); a file:// URL names a path; nothing else. */
export function navigationDecision(url: string, source: RendererSource): NavigationDecision {
  if (isOwnUrl(url, source)) return { kind: 'allow' };
  if (url.startsWith('file:')) {
    try {
      return { kind: 'path', path: fileURLToPath(url) };
    } catch {
      return { kind: 'deny' };
    }
  }
  return { kind: 'deny' };
}

export interface GuardHooks {
  /**
   * A file: URL reached a navigation or the window-open handler. A file dropped where the
   * page did not take the drop arrives so (Chromium opens it as a new foreground tab), but
   * so does `window.open('file:///…')` from the page itself: the path is not proof of a
   * user's choice, and the shell asks before opening it.
   */
  pathFromPage(path: string): void;
  /** Something was refused, for the log. */
  refused?(what: string): void;
}

/** Installs the navigation, popup and webview guards on a window's page. */
export function guardContents(contents: GuardedContents, source: RendererSource, hooks: GuardHooks): void {
  // A drop may show up twice (a new-tab request and a navigation): report it once.
  let last: { path: string; at: number } | null = null;
  const report = (path: string) => {
    const now = Date.now();
    if (last && last.path === path && now - last.at < 1000) return;
    last = { path, at: now };
    hooks.pathFromPage(path);
  };
  contents.setWindowOpenHandler((details) => {
    // Chromium turns a file dropped on a page with navigateOnDragDrop into a new-window
    // request with disposition 'foreground-tab' (WebContents::OpenURLFromTab emits
    // '-new-window' for every disposition but CURRENT_TAB, shell/browser/api/
    // electron_api_web_contents.cc); 'will-navigate' never fires for it.
    const decision = navigationDecision(details.url, source);
    if (decision.kind === 'path') report(decision.path);
    else hooks.refused?.(`window.open(${details.url.slice(0, 200)})`);
    return { action: 'deny' };
  });
  const guard = (what: string) => (event: NavigationEvent) => {
    const decision = navigationDecision(event.url, source);
    // Our pages load only in the top frame: Procdeck has no iframes.
    if (decision.kind === 'allow' && event.isMainFrame) return;
    event.preventDefault();
    if (decision.kind === 'path' && event.isMainFrame) return report(decision.path);
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
export type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/**
 * The one permission our page uses: writing to the clipboard (Copy in the terminal
 * toolbar), which `navigator.clipboard.writeText` asks for as 'clipboard-sanitized-write'
 * (docs/api/session.md). Everything else (camera, notifications from pages, clipboard
 * reads, USB…) is refused, and so is this one for any other page or a subframe.
 */
export const ALLOWED_PERMISSION = 'clipboard-sanitized-write';

export function permissionAllowed(
  permission: string,
  url: string | undefined,
  isMainFrame: boolean | undefined,
  source: RendererSource,
): boolean {
  return permission === ALLOWED_PERMISSION && isMainFrame === true && url !== undefined && isOwnUrl(url, source);
}

/**
 * Electron grants every permission when no handler is set (docs/tutorial/security.md, §5),
 * and most web APIs check before they request: both handlers are set, and agree.
 */
export function hardenSession(session: PermissionSession, source: RendererSource): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl, details.isMainFrame, source));
  });
  // The check gets the requesting frame's origin ('app://procdeck/'); requestingUrl may be absent.
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionAllowed(permission, requestingOrigin, details.isMainFrame, source),
  );
  session.setDevicePermissionHandler(() => false);
}
