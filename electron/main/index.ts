/**
 * The desktop app's main process: the entry point, kept thin. It wires Electron's app
 * events to the desktop shell (desktop-shell.ts), which holds the logic and is tested
 * with fakes.
 *
 * Order matters: the app scheme is registered and the single-instance lock taken before
 * the app is ready; the window factory, IPC and menus come after.
 */
import { app, BrowserWindow, ipcMain, nativeTheme, protocol, session } from 'electron';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { currentProcessEnv } from '../core/env/load-env';
import { Lifeline } from '../core/lifeline/lifeline';
import { APP_SCHEME, rendererSource } from './app-origin';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler, rendererCsp } from './app-protocol';
import { gateCall } from './call-gate';
import { DesktopShell } from './desktop-shell';
import { electronPlatform } from './electron-platform';
import { registerCallHandler } from './ipc-bridge';
import { loginShellEnv, needsLoginShellEnv } from './login-shell-env';
import { pathArguments, pathKindOnDisk, projectRequests, type ProjectRequest } from './launch-args';
import { DesktopStore } from './persistence/desktop-store';
import { hardenSession } from './window-factory';

const GRACE_MS = 5000;
const here = import.meta.dirname;
const warn = (message: string) => console.warn(`procdeck: ${message}`);

// Tests and side-by-side runs keep their state apart.
if (process.env.PROCDECK_USER_DATA_DIR) app.setPath('userData', process.env.PROCDECK_USER_DATA_DIR);
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

const launchPaths = pathArguments(process.argv, Boolean(process.defaultApp));
if (!app.requestSingleInstanceLock({ cwd: process.cwd(), paths: launchPaths })) {
  // Another Procdeck runs: it got our folders through 'second-instance'.
  app.quit();
} else {
  // macOS hands over folders (Dock, Finder, recent documents) through open-file, possibly before ready.
  const early: string[] = [];
  let shellReady: ((path: string) => void) | null = null;
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (shellReady) shellReady(path);
    else early.push(path);
  });
  // A GUI launch has a bare PATH: take the login shell's environment first (bounded wait).
  const environment = needsLoginShellEnv(process.platform, process.env) ? loginShellEnv(process.env) : Promise.resolve(currentProcessEnv(process.env));
  void Promise.all([app.whenReady(), environment]).then(([, env]) => {
    const shell = start(env);
    shellReady = (path) => void openAll(shell, [path], process.cwd());
    openAll(shell, [...launchPaths, ...early], process.cwd(), true);
  });
}

function start(env: Readonly<Record<string, string>>): DesktopShell {
  nativeTheme.themeSource = 'system';
  const source = rendererSource(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
  const csp = rendererCsp(source);
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, appProtocolHandler(join(here, '../renderer'), csp));
  if (source.devServer) {
    // The dev server's pages get the CSP as a header too.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
  }
  app.on('web-contents-created', (_event, contents) => {
    // Every page, ours or not (devtools): no popups, no <webview>.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.setAboutPanelOptions({ applicationName: 'Procdeck', applicationVersion: app.getVersion(), copyright: 'MIT License' });

  const lifeline = Lifeline.start();
  const store = new DesktopStore(app.getPath('userData'), { warn });
  const processEnv: Record<string, string> = { ...env };
  delete processEnv.ELECTRON_RUN_AS_NODE;
  delete processEnv.ELECTRON_NO_ATTACH_CONSOLE;
  const icon = app.isPackaged ? join(process.resourcesPath, 'icon.png') : join(app.getAppPath(), 'build/icons/512x512.png');
  const platform = electronPlatform({
    source,
    preloadPath: join(here, '../preload/index.cjs'),
    iconPath: existsSync(icon) ? icon : undefined,
    store,
    guard: lifeline,
    logRoot: join(app.getPath('userData'), 'logs'),
    processEnv,
    graceMs: GRACE_MS,
    beforeExit: async () => lifeline.close(),
    warn,
  });
  const shell = new DesktopShell(platform);
  reportUnopenable = (path) => platform.dialogs.error(`Cannot open ${path}`, 'There is no such folder, and it is not a Procfile.');

  let refusals = 0;
  registerCallHandler(ipcMain, {
    gate: (event, args) => gateCall(event, args, { source, isOurWindow: (id) => shell.byContents(id) !== null }),
    route: (event, name, params) => shell.route(event, name, params),
    refused: (reason) => {
      if (++refusals <= 20) warn(`refused an IPC call: ${reason}`);
    },
  });

  app.on('second-instance', (_event, argv, workingDirectory, data) => {
    const handed = handedOver(data);
    const paths = handed ? handed.paths : pathArguments(argv, Boolean(process.defaultApp));
    openAll(shell, paths, handed?.cwd ?? workingDirectory, true);
  });
  app.on('activate', () => {
    if (shell.all().length === 0) shell.openWelcome();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') void shell.requestQuit({ confirm: false });
  });
  app.on('before-quit', (event) => {
    if (shell.quitter.mayQuit) return;
    event.preventDefault();
    void shell.requestQuit();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shell.requestQuit({ confirm: false }));
  }
  nativeTheme.on('updated', () => {
    const color = nativeTheme.shouldUseDarkColors ? '#16181d' : '#f6f7f9';
    for (const win of BrowserWindow.getAllWindows()) win.setBackgroundColor(color);
  });
  return shell;
}

/** Opens the projects named by paths; with none (and `welcome`), shows the welcome window. */
let reportUnopenable: (path: string) => void = () => undefined;

function openAll(shell: DesktopShell, paths: readonly string[], cwd: string, welcome = false): void {
  const requests: ProjectRequest[] = projectRequests(paths, cwd, pathKindOnDisk);
  for (const path of paths) {
    const full = resolve(cwd, path);
    if (!requests.some((r) => r.dir === full || join(r.dir, r.procfile ?? '') === full)) reportUnopenable(full);
  }
  for (const request of requests) void shell.openProject(request);
  if (requests.length === 0 && welcome) {
    const first = shell.all()[0];
    if (first) first.focus();
    else shell.openWelcome();
  }
}

function handedOver(data: unknown): { cwd: string; paths: string[] } | null {
  if (typeof data !== 'object' || data === null) return null;
  const { cwd, paths } = data as { cwd?: unknown; paths?: unknown };
  if (typeof cwd !== 'string' || !Array.isArray(paths) || paths.length > 100) return null;
  return { cwd, paths: paths.filter((p): p is string => typeof p === 'string' && p.length <= 4096) };
}
