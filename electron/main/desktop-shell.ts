/**
 * The desktop app: its project windows, the menu, notifications, the badge, persistence
 * and quitting, over the Electron objects index.ts hands in (`ShellPlatform`).
 *
 * One window per project. Opening a project that is open already focuses its window;
 * one opened from a window without a project (the welcome screen) uses that window.
 * Every window has its own `ProjectHost`; calls from a page reach that window's host only.
 */
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import { resolve } from 'node:path';
import type { CallResult, HostInfo } from '../../shared/contract';
import { isSafeExternalUrl } from '../../shared/links';
import type { InstanceId } from '../../shared/model';
import { validateCall } from '../core/contract/call-schemas';
import type { EnvValues } from '../core/env/parse-env';
import { ProjectHost, type HostServices } from '../core/host/project-host';
import type { Guard } from '../core/lifeline/lifeline';
import type { RendererSource } from './app-origin';
import type { CallEvent } from './call-gate';
import { PROCFILE_RULES, PROCFILE_RULES_TITLE } from './help-text';
import { projectRequests, type PathKind, type ProjectRequest } from './launch-args';
import { menuTemplate, type FormationAction, type MenuActions } from './menu-template';
import { NotificationPolicy, type CrashAlert, type NotificationText } from './notification-policy';
import type { DesktopStore } from './persistence/desktop-store';
import { ProjectWindow } from './project-window';
import { QuitCoordinator } from './quit-coordinator';
import type { ShellWindow } from './shell-ports';
import { initialBounds, type Area } from './window-bounds';
import { windowOptions } from './window-factory';

/** Native dialogs, by the window they belong to (null: app-modal). */
export interface ShellDialogs {
  pickFolder(parent: ShellWindow | null): Promise<string | null>;
  /** A question with a default "go on" button; true when the user goes on. */
  confirm(parent: ShellWindow | null, message: { title: string; detail: string; action: string }): Promise<boolean>;
  info(parent: ShellWindow | null, message: { title: string; detail: string }): Promise<void>;
  error(title: string, detail: string): void;
}

export interface ShellPlatform {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  readonly version: string;
  readonly isDev: boolean;
  readonly source: RendererSource;
  readonly preloadPath: string;
  readonly iconPath?: string | undefined;
  readonly store: DesktopStore;
  readonly guard: Guard;
  readonly logRoot: string | null;
  readonly processEnv: EnvValues;
  readonly graceMs: number;
  readonly dialogs: ShellDialogs;
  createWindow(options: BrowserWindowConstructorOptions): ShellWindow;
  workAreas(): readonly Area[];
  pathKind(path: string): PathKind;
  darkTheme(): boolean;
  /** Null when this OS shows no notifications. */
  notify: ((text: NotificationText, onClick: () => void) => void) | null;
  openExternal(url: string): Promise<void>;
  setMenu(template: MenuItemConstructorOptions[]): void;
  addRecentDocument(dir: string): void;
  clearRecentDocuments(): void;
  setBadgeCount(count: number): void;
  showAbout(): void;
  /** After every formation stopped and the state is saved (close the lifeline here). */
  beforeExit(): Promise<void>;
  /** Quit for real (`app.quit()`); `before-quit` will see `mayQuit`. */
  quit(): void;
  warn(message: string): void;
  now?(): number;
}

export class DesktopShell {
  private readonly windows = new Map<number, ProjectWindow>();
  private readonly policy = new NotificationPolicy();
  readonly quitter: QuitCoordinator;
  private lastFocused: ProjectWindow | null = null;
  private menuTimer: NodeJS.Timeout | null = null;
  private readonly welcomeAfterClose = new WeakSet<ProjectWindow>();

  constructor(private readonly platform: ShellPlatform) {
    this.quitter = new QuitCoordinator({
      targets: () => [...this.windows.values()],
      confirm: (live) => this.confirmStop(null, live, 'quit'),
      beforeExit: async () => {
        await this.platform.store.flush();
        await this.platform.beforeExit();
      },
      exit: () => this.platform.quit(),
    });
    this.refreshMenu();
  }

  /** All project windows, in creation order. */
  all(): ProjectWindow[] {
    return [...this.windows.values()];
  }

  /** The window whose page has this webContents id. */
  byContents(webContentsId: number): ProjectWindow | null {
    return this.windows.get(webContentsId) ?? null;
  }

  byDir(dir: string): ProjectWindow | null {
    const wanted = resolve(dir);
    for (const win of this.windows.values()) if (win.dir === wanted && !win.closing) return win;
    return null;
  }

  /** Opens (or focuses) a project; `from` is the window that asked, if any. */
  async openProject(request: ProjectRequest, from: ProjectWindow | null = null): Promise<ProjectWindow | null> {
    const dir = resolve(request.dir);
    const existing = this.byDir(dir);
    if (existing) {
      existing.focus();
      return existing;
    }
    const reusable = from && !from.dir && !from.closing ? from : this.welcomeWindow();
    // A new window shows itself when its page is ready (no blank flash); a reused one comes forward.
    reusable?.focus();
    const win = reusable ?? this.createWindow(dir);
    try {
      await win.open(dir, request.procfile);
      return win;
    } catch (error) {
      this.platform.dialogs.error(`Cannot open ${dir}`, error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  /** A window without a project: the welcome screen lists recent projects. */
  openWelcome(): ProjectWindow {
    const existing = this.welcomeWindow();
    if (existing) {
      existing.focus();
      return existing;
    }
    return this.createWindow(null);
  }

  async openFolderDialog(parent: ProjectWindow | null): Promise<void> {
    const dir = await this.platform.dialogs.pickFolder(parent?.window ?? null);
    if (dir) await this.openProject({ dir }, parent);
  }

  /** A call from a page that passed the call gate. */
  async route(event: CallEvent, name: unknown, params: unknown): Promise<CallResult<unknown>> {
    const win = this.byContents(event.sender.id);
    if (!win) return { ok: false, error: { code: 'invalid-request', message: 'refused: the sender is not a Procdeck window' } };
    if (name === 'project.open') {
      const call = validateCall(name, params);
      if (call.ok && call.call.name === 'project.open') {
        const other = this.byDir(call.call.params.dir);
        if (other && other !== win) {
          other.focus();
          // A welcome window has done its job once the project shows elsewhere.
          if (!win.dir) win.requestClose();
          return { ok: false, error: { code: 'failed', message: `${other.dir} is open in its own window` } };
        }
      }
    }
    return win.dispatch(name, params);
  }

  /** Every quit request: stop gracefully with progress; a second request kills. */
  requestQuit(options: { readonly confirm: boolean } = { confirm: true }): Promise<void> {
    return this.quitter.request(options);
  }

  menuActions(): MenuActions {
    const focused = () => this.focusedWindow();
    return {
      openFolder: () => void this.openFolderDialog(focused()),
      openRecent: (dir) => void this.openRecent(dir),
      clearRecent: () => {
        this.platform.store.clearRecent();
        this.platform.clearRecentDocuments();
        this.refreshMenu();
      },
      closeProject: () => {
        const win = focused();
        if (!win) return;
        // File › Close Project leaves the app open: the last project window gives way to the welcome window.
        this.welcomeAfterClose.add(win);
        win.requestClose();
      },
      formation: (action) => {
        const win = focused();
        if (win) void this.formation(win, action);
      },
      setNotifications: (on) => {
        this.platform.store.updateSettings({ notifications: on });
        this.refreshMenu();
      },
      showProcfileRules: () => void this.platform.dialogs.info(focused()?.window ?? null, { title: PROCFILE_RULES_TITLE, detail: PROCFILE_RULES }),
      showAbout: () => this.platform.showAbout(),
    };
  }

  /** Formation menu items go through the same host calls as the page's buttons. */
  async formation(win: ProjectWindow, action: FormationAction): Promise<CallResult<unknown>> {
    const all = { target: { scope: 'all' as const } };
    switch (action) {
      case 'start-all':
        return win.dispatch('process.start', all);
      case 'stop-all':
        return win.dispatch('process.stop', all);
      case 'restart-all':
        return win.dispatch('process.restart', all);
      case 'reload-procfile':
        return win.dispatch('project.reload', {});
      case 'export':
        win.showExport();
        return { ok: true, value: null };
    }
  }

  refreshMenu(): void {
    if (this.menuTimer) return;
    // Coalesce bursts (a project opening emits many changes).
    this.menuTimer = setTimeout(() => {
      this.menuTimer = null;
      this.buildMenu();
    }, 0);
  }

  buildMenu(): MenuItemConstructorOptions[] {
    const template = menuTemplate(
      {
        platform: this.platform.platform,
        appName: this.platform.appName,
        isDev: this.platform.isDev,
        recent: this.platform.store.recentProjects(),
        hasProject: Boolean(this.focusedWindow()?.dir),
        notifications: this.platform.store.settings().notifications,
      },
      this.menuActions(),
    );
    this.platform.setMenu(template);
    return template;
  }

  private async openRecent(dir: string): Promise<void> {
    const win = await this.openProject({ dir }, this.focusedWindow());
    if (!win) {
      this.platform.store.removeRecent(resolve(dir));
      this.refreshMenu();
    }
  }

  private focusedWindow(): ProjectWindow | null {
    for (const win of this.windows.values()) if (win.isFocused()) return win;
    return this.lastFocused && this.windows.has(this.lastFocused.contentsId) ? this.lastFocused : null;
  }

  private welcomeWindow(): ProjectWindow | null {
    for (const win of this.windows.values()) if (!win.dir && !win.closing) return win;
    return null;
  }

  private createWindow(dir: string | null): ProjectWindow {
    const { platform } = this;
    const saved = dir ? platform.store.project(dir) : null;
    const placement = initialBounds(saved?.bounds ?? null, platform.workAreas());
    const window = platform.createWindow(
      windowOptions({
        preloadPath: platform.preloadPath,
        isDev: platform.isDev,
        bounds: placement.bounds,
        backgroundColor: platform.darkTheme() ? '#16181d' : '#f6f7f9',
        icon: platform.iconPath,
      }),
    );
    const win = new ProjectWindow({
      window,
      source: platform.source,
      maximize: placement.maximized,
      makeHost: (self) => new ProjectHost(this.hostServices(self)),
      events: {
        projectChanged: (w) => this.projectChanged(w),
        instancesChanged: () => this.updateBadge(),
        crash: (w, alert) => this.crashed(w, alert),
        droppedPath: (w, path) => void this.dropped(w, path),
        confirmClose: (w, live) => this.confirmStop(w.window, live, 'close', w.name),
        boundsChanged: (w) => {
          const bounds = w.bounds();
          if (w.dir && bounds) platform.store.rememberBounds(w.dir, bounds);
        },
        focused: (w) => {
          this.lastFocused = w;
          this.refreshMenu();
        },
        closed: (w) => {
          this.windows.delete(w.contentsId);
          if (this.lastFocused === w) this.lastFocused = null;
          const welcome = this.welcomeAfterClose.delete(w);
          if (welcome && this.windows.size === 0 && this.quitter.state === 'idle' && w.dir) this.openWelcome();
          this.updateBadge();
          this.refreshMenu();
        },
        refused: (what) => platform.warn(`refused ${what}`),
      },
    });
    this.windows.set(win.contentsId, win);
    void window.loadURL(platform.source.url).catch((error: unknown) => platform.warn(`cannot load the window: ${(error as Error).message}`));
    return win;
  }

  private hostServices(win: ProjectWindow): HostServices {
    const { platform } = this;
    const info: HostInfo = { kind: 'electron', version: platform.version, canPickFolder: true, platform: platform.platform };
    return {
      info,
      spawnerKind: 'pty',
      guard: platform.guard,
      graceMs: platform.graceMs,
      defaultPolicy: 'keep',
      processEnv: platform.processEnv,
      logRoot: platform.logRoot,
      recentProjects: () => platform.store.recentProjects(),
      pickFolder: () => platform.dialogs.pickFolder(win.window),
      openLink: async (url) => {
        if (!isSafeExternalUrl(url)) throw new Error('only http(s) links open outside the app');
        if (!win.gesture.take()) throw new Error('a link opens only right after a click');
        await platform.openExternal(url);
      },
      saved: (dir) => platform.store.savedForHost(dir),
      remember: (snapshot) => platform.store.rememberFormation(snapshot),
      warn: (message) => platform.warn(message),
    };
  }

  private projectChanged(win: ProjectWindow): void {
    const dir = win.dir;
    if (dir) {
      this.platform.store.addRecent(dir, this.now());
      this.platform.addRecentDocument(dir);
    }
    this.refreshMenu();
  }

  private crashed(win: ProjectWindow, alert: CrashAlert): void {
    const notify = this.platform.notify;
    if (!notify) return;
    const text = this.policy.decide(
      alert,
      { enabled: this.platform.store.settings().notifications, windowFocused: win.isFocused(), stopping: win.closing || this.quitter.state !== 'idle' },
      this.now(),
    );
    if (!text) return;
    const instance: InstanceId = alert.kind === 'crash' ? alert.record.instance : alert.instance;
    const at = alert.kind === 'crash' ? alert.record.at : alert.at;
    notify(text, () => win.revealCrash(instance, at));
  }

  private async dropped(win: ProjectWindow, path: string): Promise<void> {
    const [request] = projectRequests([path], '/', (p) => this.platform.pathKind(p));
    if (request) await this.openProject(request, win);
  }

  private confirmStop(parent: ShellWindow | null, live: number, why: 'quit' | 'close', project?: string | null): Promise<boolean> {
    if (!this.platform.store.settings().confirmStop) return Promise.resolve(true);
    const processes = `${live} process${live === 1 ? '' : 'es'}`;
    return this.platform.dialogs.confirm(parent, {
      title: why === 'quit' ? `Quit ${this.platform.appName}?` : `Close ${project ?? 'this project'}?`,
      detail: `${processes} still running will be stopped (SIGTERM, then SIGKILL after ${Math.round(this.platform.graceMs / 1000)} s). Asking again while they stop kills them at once.`,
      action: why === 'quit' ? 'Stop and Quit' : 'Stop and Close',
    });
  }

  private updateBadge(): void {
    let crashed = 0;
    for (const win of this.windows.values()) crashed += win.crashedCount();
    this.platform.setBadgeCount(crashed);
  }

  private now(): number {
    return this.platform.now?.() ?? Date.now();
  }
}
