/**
 * Fakes shaped like the Electron objects the shell receives: an ipcMain-like handler
 * registry, `app` with its quit sequence, windows and their webContents, the session's
 * permission handlers, dialogs, notifications. Everything else is real: the desktop
 * shell, the ProjectHosts, the processes, the store on disk.
 *
 * Every behaviour these fakes have is written down, with the Electron doc or source it
 * comes from, in FAKES.md next to this file. A fake that behaves otherwise than Electron
 * is a bug in the fake.
 */
import type {
  BrowserWindowConstructorOptions,
  HandlerDetails,
  MenuItemConstructorOptions,
  Session,
  WebContents,
} from 'electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventMessage } from '../../shared/contract';
import { IPC_CALL_CHANNEL, IPC_DROP_CHANNEL, IPC_EVENT_CHANNEL, IPC_NOTIFY_CHANNEL } from '../../shared/preload-api';
import { currentProcessEnv } from '../../electron/core/env/load-env';
import { unguarded } from '../../electron/core/lifeline/lifeline';
import { APP_SOURCE } from '../../electron/main/app-origin';
import { wireAppEvents, type AppEvents, type AppPort } from '../../electron/main/app-events';
import { gateCall, type CallEvent } from '../../electron/main/call-gate';
import {
  DesktopShell,
  type EnvironmentOutcome,
  type ShellDialogs,
  type ShellPlatform,
} from '../../electron/main/desktop-shell';
import {
  registerCallHandler,
  registerDropHandler,
  registerNotificationHandler,
  type IpcMainPort,
} from '../../electron/main/ipc-bridge';
import { pathKindOnDisk } from '../../electron/main/launch-args';
import type { NotificationText } from '../../electron/main/notification-policy';
import type { OpenQuestion } from '../../electron/main/open-confirmation';
import { editorChoiceFile } from '../../electron/host/editor/editor-choice';
import { DesktopStore } from '../../electron/main/persistence/desktop-store';
import type { PreventableEvent, ShellWindow, WindowOpenDetails } from '../../electron/main/shell-ports';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const fixture = (name: string) => join(FIXTURES, name);

type Listener = (...args: never[]) => unknown;

/** Node's EventEmitter as Electron's objects use it: listeners run synchronously, in order. */
class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener): this {
    const wrapper = (...args: never[]) => {
      this.removeListener(event, wrapper);
      return listener(...args);
    };
    return this.on(event, wrapper);
  }
  removeListener(event: string, listener: Listener): this {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]): boolean {
    const listeners = this.listeners.get(event) ?? [];
    for (const listener of listeners) (listener as (...a: unknown[]) => unknown)(...args);
    return listeners.length > 0;
  }
  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}

export function preventable(extra: Record<string, unknown> = {}): PreventableEvent & { defaultPrevented: boolean } {
  const event = {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

/** FAKES.md §1: any property or method of a destroyed object throws this (gin's ArgumentHolder). */
export const DESTROYED = 'Object has been destroyed';

/**
 * FAKES.md §2: windows and web contents count their ids apart. Windows share their counter
 * with every other TrackableObject (menus, menu items, trays…), so in a real app the two
 * rarely agree; the window counter starts at 101 so a mix-up cannot pass by coincidence.
 */
let nextWindowId = 101;
let nextContentsId = 1;

/** What Chromium would do with a new-window request the handler allowed (we never allow one). */
export interface OpenedWindow {
  readonly url: string;
  readonly disposition: WindowOpenDetails['disposition'];
}

export class FakeContents extends Emitter {
  readonly #id = nextContentsId++;
  readonly sent: EventMessage[] = [];
  readonly otherSends: string[] = [];
  readonly popups: OpenedWindow[] = [];
  #destroyed = false;
  reloads = 0;
  windowOpenHandler: ((details: WindowOpenDetails) => { action: 'deny' }) | null = null;

  get id(): number {
    this.alive();
    return this.#id;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  /** Test-only: each pushed event, as it is sent, for a real page under test (test/e2e/export-save.spec.ts). */
  onSent: ((message: EventMessage) => void) | null = null;
  send(channel: string, ...args: unknown[]): void {
    this.alive();
    if (channel === IPC_EVENT_CHANNEL) {
      this.sent.push(args[0] as EventMessage);
      this.onSent?.(args[0] as EventMessage);
    } else this.otherSends.push(channel);
  }
  setWindowOpenHandler(handler: (details: WindowOpenDetails) => { action: 'deny' }): void {
    this.alive();
    this.windowOpenHandler = handler;
  }
  reload(): void {
    this.alive();
    this.reloads++;
  }
  /** The page loaded (Electron: did-finish-load). */
  load(): void {
    this.alive();
    this.emit('did-finish-load');
  }
  shell(): EventMessage[] {
    return this.sent.filter((m) => m.event === 'shell');
  }

  /**
   * FAKES.md §5: a new-window request (`window.open`, a link with a target, or a file
   * dropped on a page with `navigateOnDragDrop`): Electron asks the window-open handler;
   * 'will-navigate' never fires for it. Without a handler, or when it allows, a window opens.
   */
  requestWindow(url: string, disposition: WindowOpenDetails['disposition']): void {
    this.alive();
    const details: HandlerDetails = {
      url,
      disposition,
      frameName: '',
      features: '',
      referrer: { url: '', policy: 'strict-origin-when-cross-origin' },
    };
    const answer = this.windowOpenHandler ? this.windowOpenHandler(details) : { action: 'allow' as const };
    if (answer.action !== 'deny') this.popups.push({ url, disposition });
  }
  /** FAKES.md §5: Chromium drops a file on the page as a new foreground tab with its file: URL. */
  dropFile(path: string): void {
    this.requestWindow(`file://${path.split('/').map(encodeURIComponent).join('/')}`, 'foreground-tab');
  }

  /** Electron destroys the contents first, then the window (FAKES.md §3). */
  destroyNow(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.emit('destroyed');
  }

  private alive(): void {
    if (this.#destroyed) throw new TypeError(DESTROYED);
  }
}

export class FakeWindow extends Emitter implements ShellWindow {
  readonly #id = nextWindowId++;
  readonly #contents = new FakeContents();
  readonly titles: string[] = [];
  readonly progress: number[] = [];
  loaded: string | null = null;
  focused = false;
  minimized = false;
  visible = false;
  maximized = false;
  #destroyed = false;
  #closing = false;
  /** Set by FakeApp: the window list a close reports to (Electron's WindowList). */
  windowList: FakeApp | null = null;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }

  get id(): number {
    this.alive();
    return this.#id;
  }
  get webContents(): FakeContents {
    this.alive();
    return this.#contents;
  }
  /** The contents without the destroy check: for assertions after the window closed. */
  get contents(): FakeContents {
    return this.#contents;
  }

  loadURL(url: string): Promise<void> {
    this.alive();
    this.loaded = url;
    return Promise.resolve();
  }
  show(): void {
    this.alive();
    this.visible = true;
  }
  focus(): void {
    this.alive();
    this.focused = true;
  }
  restore(): void {
    this.alive();
    this.minimized = false;
  }
  maximize(): void {
    this.alive();
    this.maximized = true;
  }
  /**
   * FAKES.md §3: 'close' is emitted synchronously and may be prevented (a prevented close
   * cancels a quit under way); otherwise the page is closed, the web contents destroyed,
   * then the window, and 'closed' follows on a later task, after both are destroyed.
   */
  close(): void {
    this.alive();
    if (this.#closing) return;
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) {
      this.windowList?.windowCloseCancelled();
      return;
    }
    this.#closing = true;
    setImmediate(() => {
      this.#contents.destroyNow();
      this.#destroyed = true;
      this.emit('closed');
      this.windowList?.windowClosed(this);
    });
  }
  isMinimized(): boolean {
    this.alive();
    return this.minimized;
  }
  isFocused(): boolean {
    this.alive();
    return this.focused;
  }
  isDestroyed(): boolean {
    return this.#destroyed;
  }
  isMaximized(): boolean {
    this.alive();
    return this.maximized;
  }
  setTitle(title: string): void {
    this.alive();
    this.titles.push(title);
  }
  setProgressBar(progress: number): void {
    this.alive();
    this.progress.push(progress);
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    this.alive();
    return {
      x: Number(this.options.x ?? 10),
      y: Number(this.options.y ?? 20),
      width: this.options.width ?? 1280,
      height: this.options.height ?? 800,
    };
  }
  setBackgroundColor(): void {
    this.alive();
  }
  /** Resolves after 'closed'. */
  closed(): Promise<void> {
    return this.#destroyed ? Promise.resolve() : new Promise((resolve) => this.once('closed', resolve));
  }

  private alive(): void {
    if (this.#destroyed) throw new TypeError(DESTROYED);
  }
}

/**
 * FAKES.md §4 and §6: `app` — its events, and `app.quit()` as Electron's Browser::Quit
 * runs it: 'before-quit' (preventable); then every window is asked to close; one prevented
 * close cancels the quit; when the last window has closed, 'will-quit' (preventable), then
 * 'quit'. 'window-all-closed' is emitted only when no quit is under way.
 */
export class FakeApp extends Emitter implements AppPort {
  readonly windows: FakeWindow[] = [];
  private quitting = false;
  /** True once 'quit' was emitted: Electron would now exit. */
  exited = false;
  readonly platform: NodeJS.Platform;

  constructor(platform: NodeJS.Platform = 'linux') {
    super();
    this.platform = platform;
  }

  adopt(win: FakeWindow): void {
    win.windowList = this;
    this.windows.push(win);
  }

  quit(): void {
    if (this.quitting || this.exited) return;
    const beforeQuit = preventable();
    this.emit('before-quit', beforeQuit);
    if (beforeQuit.defaultPrevented) return;
    this.quitting = true;
    const open = this.open();
    if (open.length === 0) return this.willQuit();
    // macOS closes the windows in reverse order (WindowList::CloseAllWindows).
    for (const win of this.platform === 'darwin' ? [...open].reverse() : open) if (!win.isDestroyed()) win.close();
  }

  windowCloseCancelled(): void {
    // Browser::OnWindowCloseCancelled: one prevented close cancels the quit.
    this.quitting = false;
  }

  windowClosed(win: FakeWindow): void {
    const index = this.windows.indexOf(win);
    if (index >= 0) this.windows.splice(index, 1);
    if (this.windows.length > 0) return;
    if (this.quitting) this.willQuit();
    else this.emit('window-all-closed');
  }

  /** Electron's second-instance: argv, the second launch's cwd, and its additionalData. */
  secondInstance(argv: string[], cwd: string, data: unknown): void {
    this.emit('second-instance', preventable(), argv, cwd, data);
  }
  openFile(path: string): PreventableEvent & { defaultPrevented: boolean } {
    const event = preventable();
    this.emit('open-file', event, path);
    return event;
  }
  activate(): void {
    this.emit(
      'activate',
      preventable(),
      this.open().some((w) => w.visible),
    );
  }

  private open(): FakeWindow[] {
    return this.windows.filter((w) => !w.isDestroyed());
  }

  private willQuit(): void {
    const event = preventable();
    this.emit('will-quit', event);
    if (event.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.exited = true;
    this.emit('quit', preventable(), 0);
  }
}

type RequestHandler = NonNullable<Parameters<Session['setPermissionRequestHandler']>[0]>;
type CheckHandler = NonNullable<Parameters<Session['setPermissionCheckHandler']>[0]>;
type DeviceHandler = NonNullable<Parameters<Session['setDevicePermissionHandler']>[0]>;
type Permission = Parameters<RequestHandler>[1];
/** The requesting webContents: the fakes stand for no particular one (Procdeck's handlers read the URL, not the contents). */
const ANY_CONTENTS = null as unknown as WebContents;

/**
 * FAKES.md §7: a session's permission handlers. Without a handler Electron grants every
 * request and check; a page's permission first goes through the check, then the request.
 */
export class FakeSession {
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;
  deviceHandler: DeviceHandler | null = null;
  setPermissionRequestHandler(handler: RequestHandler | null): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler | null): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: DeviceHandler | null): void {
    this.deviceHandler = handler;
  }
  /** A request from a frame of a page at `url`. */
  request(permission: string, url: string, isMainFrame = true): Promise<boolean> {
    if (!this.requestHandler) return Promise.resolve(true);
    const handler = this.requestHandler;
    return new Promise((resolve) =>
      handler(ANY_CONTENTS, permission as Permission, resolve, { requestingUrl: url, isMainFrame }),
    );
  }
  /** A check: Chromium passes the requesting frame's origin as GURL spells it (`app://procdeck/`). */
  check(permission: string, url: string, isMainFrame = true): boolean {
    if (!this.checkHandler) return true;
    return this.checkHandler(null, permission as Parameters<CheckHandler>[1], originOf(url), {
      requestingUrl: url,
      isMainFrame,
    });
  }
  device(): boolean {
    return this.deviceHandler
      ? this.deviceHandler({ deviceType: 'usb', origin: 'app://procdeck', device: {} as never })
      : true;
  }
}

/** GURL's origin spec, as Chromium hands it to the check handler: `scheme://host[:port]/`. */
function originOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}/`;
}

export class FakeIpcMain implements IpcMainPort {
  readonly handlers = new Map<string, (event: CallEvent, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, listener: (event: CallEvent, ...args: unknown[]) => Promise<unknown>): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** What `ipcRenderer.invoke(channel, …args)` from `event`'s frame would get. */
  invokeOn(channel: string, event: CallEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return handler(event, ...args);
  }
  invoke(event: CallEvent, ...args: unknown[]): Promise<unknown> {
    return this.invokeOn(IPC_CALL_CHANNEL, event, ...args);
  }
  readonly listeners = new Map<string, ((event: CallEvent, ...args: unknown[]) => void)[]>();
  on(channel: string, listener: (event: CallEvent, ...args: unknown[]) => void): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeListener(channel: string, listener: (event: CallEvent, ...args: unknown[]) => void): this {
    this.listeners.set(
      channel,
      (this.listeners.get(channel) ?? []).filter((l) => l !== listener),
    );
    return this;
  }
  /** What `ipcRenderer.send(channel, …args)` from `event`'s frame does: it returns nothing, whatever happens. */
  send(channel: string, event: CallEvent, ...args: unknown[]): void {
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...args);
  }
}

/** The IPC event of a call from the top frame of `win`'s page. */
export function fromWindow(win: FakeWindow, url = APP_SOURCE.url): CallEvent {
  return { sender: { id: win.webContents.id }, senderFrame: { url, parent: null } };
}

export interface Harness {
  readonly shell: DesktopShell;
  readonly app: FakeApp;
  readonly appEvents: AppEvents;
  readonly ipc: FakeIpcMain;
  readonly platform: ShellPlatform;
  readonly windows: FakeWindow[];
  readonly notifications: { text: NotificationText; click: () => void }[];
  readonly opened: string[];
  /** What `openInEditor` was asked to start: the editor setting and the file:line:column. */
  readonly edited: string[];
  readonly menus: MenuItemConstructorOptions[][];
  readonly errors: string[];
  readonly warnings: string[];
  readonly dialogs: FakeDialogs;
  readonly appData: string;
  readonly quits: number[];
  /** Every count the dock badge was set to, in order. */
  readonly badges: number[];
  /** Sends a call from `win`'s page through the IPC handler. */
  call(win: FakeWindow, name: string, params: unknown): Promise<unknown>;
  /** Sends a one-way notification from `win`'s page through the IPC listener (no answer). */
  notify(win: FakeWindow, name: string, params: unknown): void;
  /** The preload's drop hand-over from `win`'s page: paths webUtils.getPathForFile resolved. */
  drop(win: FakeWindow, paths: unknown): Promise<unknown>;
  windowOf(dir: string): FakeWindow;
  /** Closes every formation at once and removes the temp folder. */
  dispose(): Promise<void>;
}

export class FakeDialogs implements ShellDialogs {
  folders: (string | null)[] = [];
  confirmAnswer = true;
  readonly confirms: string[] = [];
  readonly confirmDetails: string[] = [];
  readonly infos: string[] = [];
  readonly errors: string[] = [];
  /** The answer to "open this folder the page named?"; no by default. */
  openAnswer = false;
  readonly openQuestions: OpenQuestion[] = [];
  pickFolder(): Promise<string | null> {
    return Promise.resolve(this.folders.shift() ?? null);
  }
  confirm(_parent: ShellWindow | null, message: { title: string; detail: string }): Promise<boolean> {
    this.confirms.push(message.title);
    this.confirmDetails.push(message.detail);
    return Promise.resolve(this.confirmAnswer);
  }
  info(_parent: ShellWindow | null, message: { title: string }): Promise<void> {
    this.infos.push(message.title);
    return Promise.resolve();
  }
  confirmOpen(_parent: ShellWindow | null, question: OpenQuestion): Promise<boolean> {
    this.openQuestions.push(question);
    return Promise.resolve(this.openAnswer);
  }
  error(title: string, detail: string): void {
    this.errors.push(`${title}: ${detail}`);
  }
  /** Export… › Save to folder…: the folders the export dialog returns, in turn (then: cancelled). */
  exportFolders: (string | null)[] = [];
  /** The answer to "write into a folder with foreign files?"; no by default. */
  exportAnswer = false;
  readonly exportQuestions: OpenQuestion[] = [];
  pickExportFolder(): Promise<string | null> {
    return Promise.resolve(this.exportFolders.shift() ?? null);
  }
  confirmExport(_parent: ShellWindow | null, question: OpenQuestion): Promise<boolean> {
    this.exportQuestions.push(question);
    return Promise.resolve(this.exportAnswer);
  }
  /** Save range…: the files the save dialog returns, in turn (then: cancelled); the names it was offered. */
  saveFiles: (string | null)[] = [];
  readonly offeredNames: string[] = [];
  pickSaveFile(_parent: ShellWindow | null, name: string): Promise<string | null> {
    this.offeredNames.push(name);
    return Promise.resolve(this.saveFiles.shift() ?? null);
  }
}

export interface HarnessOptions {
  graceMs?: number;
  appData?: string;
  platform?: NodeJS.Platform;
  /** The login shell's environment, when it arrives (default: at once, the inherited one). */
  environment?: Promise<EnvironmentOutcome>;
  /** Create the shell later (app events that come before 'ready'): call `start()`. */
  deferStart?: boolean;
  /** Where full logs go (default: none, memory only). */
  logRoot?: string;
}

export function createHarness(options: HarnessOptions = {}): Harness {
  const appData = options.appData ?? mkdtempSync(join(tmpdir(), 'procdeck-shell-'));
  const windows: FakeWindow[] = [];
  const notifications: Harness['notifications'] = [];
  const opened: string[] = [];
  const edited: string[] = [];
  const menus: MenuItemConstructorOptions[][] = [];
  const warnings: string[] = [];
  const quits: number[] = [];
  const badges: number[] = [];
  const dialogs = new FakeDialogs();
  const store = new DesktopStore(appData, { delayMs: 5 });
  const app = new FakeApp(options.platform ?? 'linux');
  const platform: ShellPlatform = {
    platform: options.platform ?? 'linux',
    appName: 'Procdeck',
    version: '0.0.0-test',
    isDev: false,
    source: APP_SOURCE,
    preloadPath: '/app/out/preload/index.cjs',
    store,
    editorChoice: editorChoiceFile(appData),
    guard: unguarded(),
    logRoot: options.logRoot ?? null,
    processEnv: currentProcessEnv(process.env),
    ...(options.environment ? { environment: options.environment } : {}),
    graceMs: options.graceMs ?? 3000,
    dialogs,
    createWindow: (windowOptions) => {
      const win = new FakeWindow(windowOptions);
      windows.push(win);
      app.adopt(win);
      return win;
    },
    workAreas: () => [{ x: 0, y: 0, width: 1920, height: 1080 }],
    pathKind: pathKindOnDisk,
    darkTheme: () => false,
    notify: (text, click) => notifications.push({ text, click }),
    openExternal: (url) => {
      opened.push(url);
      return Promise.resolve();
    },
    openPath: (path) => {
      opened.push(`file ${path}`);
      return Promise.resolve();
    },
    openInEditor: (setting, target) => {
      edited.push(`${setting ?? '(none)'} ${target.file}:${target.line ?? ''}:${target.column ?? ''}`);
      return Promise.resolve();
    },
    setMenu: (template) => menus.push(template),
    addRecentDocument: () => undefined,
    clearRecentDocuments: () => undefined,
    setBadgeCount: (count) => void badges.push(count),
    showAbout: () => undefined,
    beforeExit: () => Promise.resolve(),
    quit: () => {
      quits.push(Date.now());
      app.quit();
    },
    warn: (message) => warnings.push(message),
  };
  // The app's events are listened to before the shell exists (index.ts: before 'ready').
  const appEvents = wireAppEvents(app, { platform: platform.platform, defaultApp: false, cwd: () => '/' });
  const shell = new DesktopShell(platform);
  const ipc = new FakeIpcMain();
  const gate = (event: CallEvent, args: readonly unknown[]) =>
    gateCall(event, args, { source: APP_SOURCE, isOurWindow: (id) => shell.byContents(id) !== null });
  registerCallHandler(ipc, { gate, route: (event, name, params) => shell.route(event, name, params) });
  registerNotificationHandler(ipc, { gate, route: (event, name, params) => shell.notify(event, name, params) });
  registerDropHandler(ipc, { gate, dropped: (event, paths) => shell.droppedFromPage(event, paths) });
  if (!options.deferStart) appEvents.ready(shell);
  return {
    shell,
    app,
    appEvents,
    ipc,
    platform,
    windows,
    notifications,
    opened,
    edited,
    menus,
    errors: dialogs.errors,
    warnings,
    dialogs,
    appData,
    quits,
    badges,
    call: (win, name, params) => ipc.invoke(fromWindow(win), name, params),
    notify: (win, name, params) => ipc.send(IPC_NOTIFY_CHANNEL, fromWindow(win), name, params),
    drop: (win, paths) => ipc.invokeOn(IPC_DROP_CHANNEL, fromWindow(win), paths),
    windowOf(dir) {
      const win = shell.byDir(dir);
      const fake = windows.find((w) => w === win?.window);
      if (!fake) throw new Error(`no window shows ${dir}`);
      return fake;
    },
    async dispose() {
      for (const win of shell.all()) {
        // A second close request kills at once.
        void win.host.close();
        await win.host.close();
      }
      await store.flush();
      if (!options.appData) rmSync(appData, { recursive: true, force: true });
    },
  };
}

/** Waits for a condition on state that events change (polling, bounded). */
export async function until(check: () => boolean, timeoutMs = 8000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
