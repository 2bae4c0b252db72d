/**
 * The desktop app's main process: the entry point, kept thin. It wires Electron's app
 * events to the desktop shell (desktop-shell.ts), which holds the logic and is tested
 * with fakes.
 *
 * Order matters: the app scheme is registered, the single-instance lock taken and the app
 * events listened to before the app is ready; the window factory, IPC and menus come after.
 * The first window does not wait for the login shell's environment; its project does.
 */
import { app, BrowserWindow, ipcMain, nativeTheme, protocol, session } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { currentProcessEnv } from '../core/env/load-env';
import { Lifeline } from '../core/lifeline/lifeline';
import { APP_SCHEME, rendererSource } from './app-origin';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler, rendererCsp } from './app-protocol';
import { wireAppEvents } from './app-events';
import { gateCall, type CallEvent } from './call-gate';
import { DesktopShell, type EnvironmentOutcome } from './desktop-shell';
import { electronPlatform } from './electron-platform';
import { registerCallHandler, registerDropHandler, registerNotificationHandler } from './ipc-bridge';
import { loginShellEnv, needsLoginShellEnv } from './login-shell-env';
import { pathArguments } from './launch-args';
import { editorChoiceFile } from '../host/editor/editor-choice';
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
  // At once, before ready: a second launch or the Finder may hand over folders any time; they queue.
  const appEvents = wireAppEvents(app, {
    platform: process.platform,
    defaultApp: Boolean(process.defaultApp),
    cwd: () => process.cwd(),
  });
  // A GUI launch has a bare PATH: read the login shell's environment (hard limit) while the window shows.
  const environment: Promise<EnvironmentOutcome> = needsLoginShellEnv(process.platform, process.env)
    ? loginShellEnv(process.env).then(({ env, notice }) => ({ env: desktopEnv(env), notice }))
    : Promise.resolve({ env: desktopEnv(currentProcessEnv(process.env)), notice: null });
  void app.whenReady().then(() => {
    const shell = start(environment);
    appEvents.ready(shell);
    shell.openPaths(launchPaths, process.cwd(), true);
  });
}

/** What formations inherit: ours, minus what would turn a child Electron into Node. */
function desktopEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  const processEnv: Record<string, string> = { ...env };
  delete processEnv.ELECTRON_RUN_AS_NODE;
  delete processEnv.ELECTRON_NO_ATTACH_CONSOLE;
  return processEnv;
}

function start(environment: Promise<EnvironmentOutcome>): DesktopShell {
  nativeTheme.themeSource = 'system';
  const source = rendererSource(process.env.ELECTRON_RENDERER_URL, app.isPackaged);
  const csp = rendererCsp(source);
  hardenSession(session.defaultSession, source);
  protocol.handle(APP_SCHEME, appProtocolHandler(join(here, '../renderer'), csp));
  if (source.devServer) {
    // The dev server's pages get the CSP as a header too.
    session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
      callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } });
    });
  }
  app.on('web-contents-created', (_event, contents) => {
    // Every page, ours or not (devtools): no popups, no <webview>. Our windows' pages get
    // their own handler (guardContents), which replaces this one.
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
  app.setAboutPanelOptions({
    applicationName: 'Procdeck',
    applicationVersion: app.getVersion(),
    copyright: 'MIT License',
  });

  const lifeline = Lifeline.start();
  const store = new DesktopStore(app.getPath('userData'), { warn });
  const icon = app.isPackaged
    ? join(process.resourcesPath, 'icon.png')
    : join(app.getAppPath(), 'build/icons/512x512.png');
  const platform = electronPlatform({
    source,
    preloadPath: join(here, '../preload/index.cjs'),
    iconPath: existsSync(icon) ? icon : undefined,
    store,
    editorChoice: editorChoiceFile(app.getPath('userData'), warn),
    guard: lifeline,
    logRoot: join(app.getPath('userData'), 'logs'),
    portsState: join(app.getPath('userData'), 'state'),
    processEnv: desktopEnv(currentProcessEnv(process.env)),
    environment,
    graceMs: GRACE_MS,
    beforeExit: async () => lifeline.close(),
    warn,
  });
  const shell = new DesktopShell(platform);

  let refusals = 0;
  const refused = (reason: string) => {
    if (++refusals <= 20) warn(`refused an IPC call: ${reason}`);
  };
  const gate = (event: CallEvent, args: readonly unknown[]) =>
    gateCall(event, args, { source, isOurWindow: (id) => shell.byContents(id) !== null });
  registerCallHandler(ipcMain, { gate, route: (event, name, params) => shell.route(event, name, params), refused });
  registerNotificationHandler(ipcMain, {
    gate,
    route: (event, name, params) => shell.notify(event, name, params),
    refused,
  });
  registerDropHandler(ipcMain, { gate, dropped: (event, paths) => shell.droppedFromPage(event, paths), refused });

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => void shell.requestQuit({ confirm: false }));
  }
  nativeTheme.on('updated', () => {
    const color = nativeTheme.shouldUseDarkColors ? '#16181d' : '#f6f7f9';
    for (const win of BrowserWindow.getAllWindows()) win.setBackgroundColor(color);
  });
  return shell;
}
