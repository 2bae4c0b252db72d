/**
 * The desktop app: its project windows, the menu, notifications, the badge, persistence
 * and quitting, over the Electron objects index.ts hands in (`ShellPlatform`).
 *
 * One window per project. Opening a project that is open already focuses its window;
 * one opened from a window without a project (the welcome screen) uses that window.
 * Every window has its own `ProjectHost`; calls from a page reach that window's host only.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { join, resolve } from 'node:path';
import type { CallResult } from '../../shared/contract';
import type { Notice } from '../../shared/model';
import { validateCall } from '../host/contract/call-schemas';
import { ProjectHost, type HostServices } from '../host/project-host';
import { readProcfile } from '../core/procfile/read-procfile';
import type { CallEvent } from './call-gate';
import { GrantedFolders } from './granted-folders';
import { projectRequests, type ProjectRequest } from './launch-args';
import { menuTemplate, type FormationAction, type MenuActions } from './menu-template';
import { NotificationPolicy, type CrashAlert } from './notification-policy';
import { openQuestion } from './open-confirmation';
import { ProjectWindow } from './project-window';
import { QuitCoordinator } from './quit-coordinator';
import type { ShellWindow } from './shell-ports';
import { initialBounds } from './window-bounds';
import { windowOptions } from './window-factory';
import { confirmStop, runFormationAction } from './formation-actions';
import { notifyCrash } from './crash-notification';
import { shellMenuActions } from './menu-actions';
import { windowHostServices } from './window-host-services';
import { FormationEnvironment } from './formation-environment';
import type { ShellPlatform } from './shell-platform';

export type { EnvironmentOutcome, ShellDialogs, ShellPlatform } from './shell-platform';

export class DesktopShell {
  private readonly windows = new Map<number, ProjectWindow>();
  private readonly policy = new NotificationPolicy();
  readonly quitter: QuitCoordinator;
  private lastFocused: ProjectWindow | null = null;
  private menuTimer: NodeJS.Timeout | null = null;
  private readonly welcomeAfterClose = new WeakSet<ProjectWindow>();
  private readonly grants: GrantedFolders;
  private readonly environment: FormationEnvironment;

  constructor(private readonly platform: ShellPlatform) {
    this.grants = new GrantedFolders({ recent: () => platform.store.recentProjects().map((r) => r.dir) });
    this.environment = new FormationEnvironment(platform, () => {
      for (const win of this.windows.values()) win.showNotice(this.envNoticeMessage());
    });

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
    for (const win of this.windows.values()) if (win.intendedDir === wanted && !win.closing) return win;
    return null;
  }

  /**
   * Opens (or focuses) a project the user chose (a dialog, a drop, a launch, a recent
   * entry): the folder is granted. `from` is the window that asked, if any. Refused while
   * quitting: a window opened then would hold the quit up for good (its close is prevented
   * until its own formation stopped, and one prevented close cancels Electron's quit).
   */
  async openProject(request: ProjectRequest, from: ProjectWindow | null = null): Promise<ProjectWindow | null> {
    const dir = resolve(request.dir);
    if (this.quitting(`open ${dir}`)) return null;
    this.grants.grant(dir);
    const existing = this.byDir(dir);
    if (existing) {
      existing.focus();
      return existing;
    }
    const reusable = from && !from.intendedDir && !from.closing ? from : this.welcomeWindow();
    // A new window shows itself when its page is ready (no blank flash); a reused one comes forward.
    reusable?.focus();
    const win = reusable ?? this.createWindow(dir);
    win.reserve(dir);
    try {
      // The window shows at once; its formation starts with the login shell's environment.
      await this.environment.ready;
      // Closed while the environment was read: nothing to start.
      if (win.closing || !this.windows.has(win.contentsId)) return null;
      await win.open(dir, request.procfile);
      return win;
    } catch (error) {
      this.platform.dialogs.error(`Cannot open ${dir}`, error instanceof Error ? error.message : String(error));
      return null;
    }
  }

  /** A window without a project: the welcome screen lists recent projects. Null while quitting. */
  openWelcome(): ProjectWindow | null {
    if (this.quitting('open a window')) return null;
    const existing = this.welcomeWindow();
    if (existing) {
      existing.focus();
      return existing;
    }
    return this.createWindow(null);
  }

  hasWindows(): boolean {
    return this.windows.size > 0;
  }

  /**
   * The folders a launch named (the command line, a second launch, macOS open-file),
   * relative to `cwd`; with none and `welcome`, the first window comes forward (or the
   * welcome window opens). What is neither a folder nor a Procfile is reported.
   */
  openPaths(paths: readonly string[], cwd: string, welcome: boolean): void {
    const requests = projectRequests(paths, cwd, (p) => this.platform.pathKind(p));
    for (const path of paths) {
      const full = resolve(cwd, path);
      if (!requests.some((r) => r.dir === full || join(r.dir, r.procfile ?? '') === full)) {
        this.platform.dialogs.error(`Cannot open ${full}`, 'There is no such folder, and it is not a Procfile.');
      }
    }
    for (const request of requests) void this.openProject(request);
    if (requests.length === 0 && welcome) {
      const first = this.all()[0];
      if (first) first.focus();
      else this.openWelcome();
    }
  }

  /** Paths of files dropped on a page, resolved by the preload from the dropped Files: the user's choice. */
  droppedFromPage(event: CallEvent, paths: readonly string[]): void {
    const win = this.byContents(event.sender.id);
    if (!win) return;
    for (const request of projectRequests(paths, '/', (p) => this.platform.pathKind(p)))
      void this.openProject(request, win);
  }

  async openFolderDialog(parent: ProjectWindow | null): Promise<void> {
    const dir = await this.platform.dialogs.pickFolder(parent?.window ?? null);
    if (dir) await this.openProject({ dir }, parent);
  }

  /** A call from a page that passed the call gate. */
  async route(event: CallEvent, name: unknown, params: unknown): Promise<CallResult<unknown>> {
    const win = this.byContents(event.sender.id);
    if (!win)
      return { ok: false, error: { code: 'invalid-request', message: 'refused: the sender is not a Procdeck window' } };
    if (name === 'project.open') {
      const call = validateCall(name, params);
      if (call.ok && call.call.name === 'project.open') {
        const { dir, procfile } = call.call.params;
        if (this.quitting(`open ${dir}`))
          return { ok: false, error: { code: 'failed', message: 'Procdeck is quitting' } };
        const other = this.byDir(dir);
        if (other && other !== win) {
          other.focus();
          // A welcome window has done its job once the project shows elsewhere.
          if (!win.dir) win.requestClose();
          return { ok: false, error: { code: 'failed', message: `${other.dir} is open in its own window` } };
        }
        if (!(await this.mayOpen(win, dir, procfile))) {
          return {
            ok: false,
            error: {
              code: 'invalid-request',
              message: `refused: ${dir} was not chosen in Procdeck, and opening it was not confirmed`,
            },
          };
        }
        await this.environment.ready;
      }
    }
    return win.dispatch(name, params);
  }

  /** A one-way notification from a page that passed the call gate; from a window that is gone it is dropped. */
  notify(event: CallEvent, name: unknown, params: unknown): void {
    this.byContents(event.sender.id)?.notify(name, params);
  }

  /**
   * A folder the page names may open when the user chose it (granted), or after a native
   * confirmation naming the folder and its Procfile's commands; confirmed, it is granted.
   */
  private async mayOpen(win: ProjectWindow, dir: string, procfile: string | undefined): Promise<boolean> {
    if (this.grants.isGranted(dir)) return true;
    const name = procfile ?? 'Procfile';
    const read = await readProcfile(join(dir, name)).then(
      (parsed) => ({
        types: parsed.types,
        problem:
          parsed.types.length === 0 ? (parsed.diagnostics.find((d) => d.severity === 'error')?.message ?? null) : null,
      }),
      (error: unknown) => ({ types: [], problem: String(error) }),
    );
    const yes = await this.platform.dialogs
      .confirmOpen(win.window.isDestroyed() ? null : win.window, openQuestion(resolve(dir), name, read))
      .catch(() => false);
    if (yes) this.grants.grant(dir);
    return yes;
  }

  /** A file: URL from the page (a drop it did not take, or its own doing): asked about, then opened. */
  private async pathFromPage(win: ProjectWindow, path: string): Promise<void> {
    const [request] = projectRequests([path], '/', (p) => this.platform.pathKind(p));
    if (!request || this.quitting(`open ${path}`)) return;
    if (!this.byDir(request.dir) && !(await this.mayOpen(win, request.dir, request.procfile))) return;
    await this.openProject(request, win);
  }

  private quitting(what: string): boolean {
    if (this.quitter.state === 'idle') return false;
    this.platform.warn(`not going to ${what}: Procdeck is quitting`);
    return true;
  }

  private envNoticeMessage(): Notice {
    return { level: 'warning', message: this.environment.notice ?? '', at: this.now() };
  }

  /** Every quit request: stop gracefully with progress; a second request kills. */
  requestQuit(options: { readonly confirm: boolean } = { confirm: true }): Promise<void> {
    return this.quitter.request(options);
  }

  menuActions(): MenuActions {
    return shellMenuActions(this.platform, {
      focused: () => this.focusedWindow(),
      openFolder: (parent) => void this.openFolderDialog(parent),
      openRecent: (dir) => void this.openRecent(dir),
      // File › Close Project leaves the app open: the last project window gives way to the welcome window.
      closeToWelcome: (win) => {
        this.welcomeAfterClose.add(win);
        win.requestClose();
      },
      formation: (win, action) => void this.formation(win, action),
      refreshMenu: () => this.refreshMenu(),
    });
  }

  /** Formation menu items go through the same host calls as the page's buttons. */
  formation(win: ProjectWindow, action: FormationAction): Promise<CallResult<unknown>> {
    return runFormationAction(win, action);
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
    for (const win of this.windows.values()) if (!win.intendedDir && !win.closing) return win;
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
        pathFromPage: (w, path) => void this.pathFromPage(w, path),
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
    if (this.environment.notice) win.showNotice(this.envNoticeMessage());
    void window
      .loadURL(platform.source.url)
      .catch((error: unknown) => platform.warn(`cannot load the window: ${(error as Error).message}`));
    return win;
  }

  private hostServices(win: ProjectWindow): HostServices {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters need the shell, not the services object
    const shell = this;
    return windowHostServices(this.platform, win, {
      get processEnv() {
        return shell.environment.env;
      },
      get environmentSource() {
        return shell.environment.source;
      },
      grant: (dir) => this.grants.grant(dir),
    });
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
    const stopping = win.closing || this.quitter.state !== 'idle';
    notifyCrash(this.platform, this.policy, win, alert, { stopping, now: this.now() });
  }

  private confirmStop(parent: ShellWindow | null, live: number, why: 'quit' | 'close', project?: string | null) {
    return confirmStop(this.platform, parent, live, why, project);
  }

  /** The dock badge counts what each page's title counts: instances in trouble (isTrouble). */
  private updateBadge(): void {
    let trouble = 0;
    for (const win of this.windows.values()) trouble += win.troubleCount();
    this.platform.setBadgeCount(trouble);
  }

  private now(): number {
    return this.platform.now?.() ?? Date.now();
  }
}
