/**
 * Fakes shaped like the Electron objects the shell receives: an ipcMain-like handler
 * registry, windows and their webContents (with Electron's close/preventDefault
 * semantics), dialogs, notifications. Everything else is real: the desktop shell, the
 * ProjectHosts, the processes, the store on disk.
 */
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventMessage } from '../../shared/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/preload-api';
import { currentProcessEnv } from '../../electron/core/env/load-env';
import { unguarded } from '../../electron/core/lifeline/lifeline';
import { APP_SOURCE } from '../../electron/main/app-origin';
import { gateCall, type CallEvent } from '../../electron/main/call-gate';
import { DesktopShell, type ShellDialogs, type ShellPlatform } from '../../electron/main/desktop-shell';
import { registerCallHandler, type IpcMainPort } from '../../electron/main/ipc-bridge';
import { pathKindOnDisk } from '../../electron/main/launch-args';
import type { NotificationText } from '../../electron/main/notification-policy';
import { DesktopStore } from '../../electron/main/persistence/desktop-store';
import type { PreventableEvent, ShellWindow } from '../../electron/main/shell-ports';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const fixture = (name: string) => join(FIXTURES, name);

type Listener = (...args: never[]) => unknown;

class Emitter {
  private readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => unknown)(...args);
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

let nextId = 1;

export class FakeContents extends Emitter {
  readonly id = nextId++;
  readonly sent: EventMessage[] = [];
  readonly otherSends: string[] = [];
  destroyed = false;
  reloads = 0;
  windowOpenHandler: ((details: { readonly url: string }) => { action: 'deny' }) | null = null;

  isDestroyed(): boolean {
    return this.destroyed;
  }
  send(channel: string, ...args: unknown[]): void {
    if (channel === IPC_EVENT_CHANNEL) this.sent.push(args[0] as EventMessage);
    else this.otherSends.push(channel);
  }
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void {
    this.windowOpenHandler = handler;
  }
  reload(): void {
    this.reloads++;
  }
  /** The page loaded (Electron: did-finish-load). */
  load(): void {
    this.emit('did-finish-load');
  }
  shell(): EventMessage[] {
    return this.sent.filter((m) => m.event === 'shell');
  }
}

export class FakeWindow extends Emitter implements ShellWindow {
  readonly id = nextId++;
  readonly webContents = new FakeContents();
  readonly titles: string[] = [];
  readonly progress: number[] = [];
  loaded: string | null = null;
  focused = false;
  minimized = false;
  destroyed = false;
  visible = false;
  maximized = false;

  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
  }

  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  restore(): void {
    this.minimized = false;
  }
  maximize(): void {
    this.maximized = true;
  }
  /** Electron's close: 'close' may be prevented; otherwise the window is destroyed and 'closed' follows. */
  close(): void {
    if (this.destroyed) return;
    const event = preventable();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isFocused(): boolean {
    return this.focused;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMaximized(): boolean {
    return this.maximized;
  }
  setTitle(title: string): void {
    this.titles.push(title);
  }
  setProgressBar(progress: number): void {
    this.progress.push(progress);
  }
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    return { x: Number(this.options.x ?? 10), y: Number(this.options.y ?? 20), width: this.options.width ?? 1280, height: this.options.height ?? 800 };
  }
  setBackgroundColor(): void {}
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
  /** What `ipcRenderer.invoke(IPC_CALL_CHANNEL, …args)` from `event`'s frame would get. */
  invoke(event: CallEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(IPC_CALL_CHANNEL);
    if (!handler) return Promise.reject(new Error(`No handler registered for '${IPC_CALL_CHANNEL}'`));
    return handler(event, ...args);
  }
}

/** The IPC event of a call from the top frame of `win`'s page. */
export function fromWindow(win: FakeWindow, url = APP_SOURCE.url): CallEvent {
  return { sender: { id: win.webContents.id }, senderFrame: { url, parent: null } };
}

export interface Harness {
  readonly shell: DesktopShell;
  readonly ipc: FakeIpcMain;
  readonly platform: ShellPlatform;
  readonly windows: FakeWindow[];
  readonly notifications: { text: NotificationText; click: () => void }[];
  readonly opened: string[];
  readonly menus: MenuItemConstructorOptions[][];
  readonly errors: string[];
  readonly dialogs: FakeDialogs;
  readonly appData: string;
  readonly quits: number[];
  /** Sends a call from `win`'s page through the IPC handler. */
  call(win: FakeWindow, name: string, params: unknown): Promise<unknown>;
  windowOf(dir: string): FakeWindow;
  /** Closes every formation at once and removes the temp folder. */
  dispose(): Promise<void>;
}

export class FakeDialogs implements ShellDialogs {
  folders: (string | null)[] = [];
  confirmAnswer = true;
  readonly confirms: string[] = [];
  readonly infos: string[] = [];
  readonly errors: string[] = [];
  pickFolder(): Promise<string | null> {
    return Promise.resolve(this.folders.shift() ?? null);
  }
  confirm(_parent: ShellWindow | null, message: { title: string }): Promise<boolean> {
    this.confirms.push(message.title);
    return Promise.resolve(this.confirmAnswer);
  }
  info(_parent: ShellWindow | null, message: { title: string }): Promise<void> {
    this.infos.push(message.title);
    return Promise.resolve();
  }
  error(title: string, detail: string): void {
    this.errors.push(`${title}: ${detail}`);
  }
}

export function createHarness(options: { graceMs?: number; appData?: string; platform?: NodeJS.Platform } = {}): Harness {
  const appData = options.appData ?? mkdtempSync(join(tmpdir(), 'procdeck-shell-'));
  const windows: FakeWindow[] = [];
  const notifications: Harness['notifications'] = [];
  const opened: string[] = [];
  const menus: MenuItemConstructorOptions[][] = [];
  const warnings: string[] = [];
  const quits: number[] = [];
  const dialogs = new FakeDialogs();
  const store = new DesktopStore(appData, { delayMs: 5 });
  const platform: ShellPlatform = {
    platform: options.platform ?? 'linux',
    appName: 'Procdeck',
    version: '0.0.0-test',
    isDev: false,
    source: APP_SOURCE,
    preloadPath: '/app/out/preload/index.cjs',
    store,
    guard: unguarded(),
    logRoot: null,
    processEnv: currentProcessEnv(process.env),
    graceMs: options.graceMs ?? 3000,
    dialogs,
    createWindow: (windowOptions) => {
      const win = new FakeWindow(windowOptions);
      windows.push(win);
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
    setMenu: (template) => menus.push(template),
    addRecentDocument: () => undefined,
    clearRecentDocuments: () => undefined,
    setBadgeCount: () => undefined,
    showAbout: () => undefined,
    beforeExit: () => Promise.resolve(),
    quit: () => quits.push(Date.now()),
    warn: (message) => warnings.push(message),
  };
  const shell = new DesktopShell(platform);
  const ipc = new FakeIpcMain();
  registerCallHandler(ipc, {
    gate: (event, args) => gateCall(event, args, { source: APP_SOURCE, isOurWindow: (id) => shell.byContents(id) !== null }),
    route: (event, name, params) => shell.route(event, name, params),
  });
  return {
    shell,
    ipc,
    platform,
    windows,
    notifications,
    opened,
    menus,
    errors: dialogs.errors,
    dialogs,
    appData,
    quits,
    call: (win, name, params) => ipc.invoke(fromWindow(win), name, params),
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
