/**
 * One window, one project: the window, its `ProjectHost`, the page's connection to the
 * host, and the stop that comes before the window may close.
 *
 * The page is attached to the host as a view when it has loaded (or on its first call,
 * whichever comes first) and detached when it navigates or its renderer dies; a reload is
 * a new view, which gets the snapshot first and replays buffered output. A second,
 * permanent "observer" client keeps main's own picture of the instances (for the quit
 * progress, crash notifications and the badge) whatever the page does.
 */
import type { CallResult, EventMessage, ShutdownProgress } from '../../shared/contract';
import { summarize } from '../../shared/instance-state';
import type { InstanceId, Notice, ProjectSnapshot } from '../../shared/model';
import {
  EMPTY_PICTURE,
  entered,
  foldEvent,
  sameProject,
  statesChanged,
  type ProjectPicture,
} from '../../shared/project-picture';
import type { HostClient, ProjectHost } from '../host/project-host';
import type { RendererSource } from './app-origin';
import { sendEvent } from './ipc-bridge';
import type { CrashAlert } from './notification-policy';
import { FormationShutdown } from './quit-coordinator';
import { ReloadBackoff } from './reload-backoff';
import type { ShellContents, ShellWindow } from './shell-ports';
import { describeShutdown, shutdownFraction } from './shutdown-progress';
import { UserGestureGate } from './user-gesture';
import { guardContents } from './window-factory';

export type WindowHost = Pick<ProjectHost, 'attach' | 'dispatch' | 'notify' | 'openProject' | 'close'>;

export interface ProjectWindowEvents {
  /** The project shown changed (opened, switched; null: none). */
  projectChanged(win: ProjectWindow): void;
  /** An instance changed state (for the badge). */
  instancesChanged(win: ProjectWindow): void;
  crash(win: ProjectWindow, alert: CrashAlert): void;
  /** A file: URL the page navigated to or asked a new window for (a drop it did not take, or its own doing). */
  pathFromPage(win: ProjectWindow, path: string): void;
  /** Asks before a close stops running processes; true to go on. */
  confirmClose(win: ProjectWindow, liveCount: number): Promise<boolean>;
  boundsChanged(win: ProjectWindow): void;
  focused(win: ProjectWindow): void;
  closed(win: ProjectWindow): void;
  refused(what: string): void;
}

export interface ProjectWindowOptions {
  readonly window: ShellWindow;
  readonly source: RendererSource;
  readonly makeHost: (win: ProjectWindow) => WindowHost;
  readonly events: ProjectWindowEvents;
  readonly maximize?: boolean;
  /** How often the shutdown progress is refreshed. */
  readonly tickMs?: number;
  readonly reloadBackoff?: ReloadBackoff;
}

interface View {
  readonly client: HostClient;
  readonly detach: () => void;
}

export class ProjectWindow {
  readonly window: ShellWindow;
  /**
   * Kept from construction: Electron destroys the window and its webContents before
   * 'closed', and from then on reading `window.id` or `window.webContents` throws
   * "Object has been destroyed" (gin_helper/function_template.h, ArgumentHolder).
   */
  readonly windowId: number;
  readonly contentsId: number;
  private readonly contents: ShellContents;
  readonly host: WindowHost;
  readonly gesture = new UserGestureGate();
  readonly shutdown: FormationShutdown;
  private readonly events: ProjectWindowEvents;
  private view: View | null = null;
  /** Main's own picture of the project, folded from the same events the page gets. */
  private picture: ProjectPicture = EMPTY_PICTURE;
  private mayClose = false;
  private shutdownStartedAt = 0;
  private boundsTimer: NodeJS.Timeout | null = null;
  private closeRequested = false;
  private reloadTimer: NodeJS.Timeout | null = null;
  private heldNotices: Notice[] = [];
  private reserved: string | null = null;
  private readonly reloadBackoff: ReloadBackoff;

  constructor(options: ProjectWindowOptions) {
    this.window = options.window;
    this.windowId = options.window.id;
    this.contents = options.window.webContents;
    this.contentsId = this.contents.id;
    this.reloadBackoff = options.reloadBackoff ?? new ReloadBackoff();
    this.events = options.events;
    this.host = options.makeHost(this);
    this.shutdown = new FormationShutdown(
      { close: () => this.host.close(), instances: () => this.picture.instances.values() },
      (progress) => this.showShutdown(progress),
      options.tickMs ?? 250,
    );
    this.host.attach({ send: (message) => this.observe(message) });
    this.wire(options);
  }

  get dir(): string | null {
    return this.picture.project?.dir ?? null;
  }

  /** The project shown, or the one being opened: a window on its way to a project is no welcome window. */
  get intendedDir(): string | null {
    return this.picture.project?.dir ?? this.reserved;
  }

  /** This window will show `dir` (its formation may wait for the login shell's environment). */
  reserve(dir: string): void {
    this.reserved = dir;
  }

  get name(): string | null {
    return this.picture.project?.name ?? null;
  }

  get closing(): boolean {
    return this.shutdown.running || this.shutdown.done;
  }

  /** Instances that may still have a process: what closing must stop. */
  liveCount(): number {
    return summarize(this.picture.instances.values()).live;
  }

  /** Instances in trouble (the dock badge): the same count as the page's title. */
  troubleCount(): number {
    return summarize(this.picture.instances.values()).trouble;
  }

  isFocused(): boolean {
    return !this.window.isDestroyed() && this.window.isFocused();
  }

  /** A call from this window's page (already through the call gate). */
  dispatch(name: unknown, params: unknown): Promise<CallResult<unknown>> {
    return this.host.dispatch(this.attachView(), name, params);
  }

  /** A one-way notification from this window's page (already through the call gate). */
  notify(name: unknown, params: unknown): void {
    this.host.notify(this.attachView(), name, params);
  }

  async open(dir: string, procfile?: string): Promise<ProjectSnapshot> {
    this.reserved = dir;
    try {
      return await this.host.openProject(dir, procfile);
    } finally {
      this.reserved = null;
    }
  }

  focus(): void {
    if (this.window.isDestroyed()) return;
    if (this.window.isMinimized()) this.window.restore();
    this.window.show();
    this.window.focus();
  }

  /** A crash notification was clicked: bring the window up and open that crash. */
  revealCrash(instance: InstanceId, at: number): void {
    this.focus();
    this.sendToView({ event: 'shell', payload: { kind: 'reveal-crash', instance, at } });
  }

  /** File › Export…: the page opens its export dialog, which asks the host for the live formation. */
  showExport(): void {
    this.focus();
    this.sendToView({ event: 'shell', payload: { kind: 'open-export', at: Date.now() } });
  }

  /** Closing asks once before it stops running processes; asked again while stopping, it kills. */
  requestClose(): void {
    if (this.mayClose) {
      if (!this.window.isDestroyed()) this.window.close();
      return;
    }
    if (this.shutdown.running) {
      this.shutdown.escalate();
      return;
    }
    if (this.closeRequested) return;
    this.closeRequested = true;
    const live = this.liveCount();
    const asked = live > 0 ? this.events.confirmClose(this, live).catch(() => false) : Promise.resolve(true);
    void asked.then((go) => {
      this.closeRequested = false;
      if (!go) return;
      this.saveBounds();
      void this.shutdown.start('close').then(() => {
        this.mayClose = true;
        if (!this.window.isDestroyed()) this.window.close();
      });
    });
  }

  /** A notice of the shell's own (not the host's), shown by the page now or when it attaches. */
  showNotice(notice: Notice): void {
    if (this.view) this.view.client.send({ event: 'notice', payload: notice });
    else this.heldNotices.push(notice);
  }

  /** The second close or quit request: SIGKILL what is still stopping. */
  escalate(): void {
    this.shutdown.escalate();
  }

  /** The app quits: stop (or join the stop under way); the app closes the window afterwards. */
  stopForQuit(): Promise<void> {
    this.saveBounds();
    return this.shutdown.start('quit').then(() => {
      this.mayClose = true;
    });
  }

  bounds(): { x: number; y: number; width: number; height: number; maximized: boolean } | null {
    if (this.window.isDestroyed()) return null;
    const { x, y, width, height } = this.window.getNormalBounds();
    return {
      x: Math.round(x),
      y: Math.round(y),
      width: Math.round(width),
      height: Math.round(height),
      maximized: this.window.isMaximized(),
    };
  }

  private wire(options: ProjectWindowOptions): void {
    const { window, source } = options;
    const contents = this.contents;
    guardContents(contents, source, {
      pathFromPage: (path) => this.events.pathFromPage(this, path),
      refused: (what) => this.events.refused(what),
    });
    contents.on('before-mouse-event', (_event, mouse) => this.gesture.observe(mouse));
    contents.on('before-input-event', (_event, input) => this.gesture.observe(input));
    contents.on('did-navigate', () => this.detachView());
    contents.on('did-finish-load', () => void this.attachView());
    contents.on('render-process-gone', (_event, details) => {
      this.detachView();
      // The processes are unaffected; a fresh page reattaches and replays their output.
      if (details.reason === 'clean-exit' || this.closing || contents.isDestroyed() || this.reloadTimer) return;
      this.reloadTimer = setTimeout(() => {
        this.reloadTimer = null;
        // The window may have closed (or begun to) while we waited.
        if (!this.closing && !contents.isDestroyed()) contents.reload();
      }, this.reloadBackoff.next(Date.now()));
    });
    window.on('ready-to-show', () => {
      if (options.maximize) window.maximize();
      window.show();
    });
    window.on('page-title-updated', (event) => {
      // While stopping, the title shows the progress.
      if (this.closing) event.preventDefault();
    });
    window.on('close', (event) => {
      // Once the formation is stopped nothing holds the window (app.quit() closes it).
      if (this.mayClose || this.shutdown.done) return;
      event.preventDefault();
      this.requestClose();
    });
    window.on('closed', () => {
      if (this.boundsTimer) clearTimeout(this.boundsTimer);
      if (this.reloadTimer) clearTimeout(this.reloadTimer);
      this.reloadTimer = null;
      this.detachView();
      this.events.closed(this);
    });
    window.on('focus', () => this.events.focused(this));
    const boundsMoved = () => {
      if (this.boundsTimer) clearTimeout(this.boundsTimer);
      this.boundsTimer = setTimeout(() => this.saveBounds(), 500);
    };
    window.on('resize', boundsMoved);
    window.on('move', boundsMoved);
  }

  private saveBounds(): void {
    if (this.boundsTimer) clearTimeout(this.boundsTimer);
    this.boundsTimer = null;
    if (this.picture.project) this.events.boundsChanged(this);
  }

  private attachView(): HostClient {
    if (this.view) return this.view.client;
    const contents = this.contents;
    const client: HostClient = { send: (message) => void sendEvent(contents, message) };
    const detach = this.host.attach(client);
    this.view = { client, detach };
    for (const notice of this.heldNotices.splice(0)) client.send({ event: 'notice', payload: notice });
    return client;
  }

  private detachView(): void {
    this.view?.detach();
    this.view = null;
  }

  private sendToView(message: EventMessage): void {
    if (this.view) this.view.client.send(message);
  }

  /** Keeps main's picture of the project, and tells the shell what changed in it. */
  private observe(message: EventMessage): void {
    const before = this.picture;
    const after = foldEvent(before, message);
    this.picture = after;
    const project = after.project;
    if (message.event === 'snapshot' && !sameProject(before.project, project)) this.events.projectChanged(this);
    const loop = entered(before, message, 'crash-loop');
    if (loop && project) {
      this.events.crash(this, {
        kind: 'crash-loop',
        project: project.name,
        instance: loop.instance.id,
        failures: loop.state.failures,
        at: loop.state.at,
      });
    }
    if (message.event === 'crash' && project)
      this.events.crash(this, { kind: 'crash', project: project.name, record: message.payload });
    if (message.event === 'snapshot' || statesChanged(before, after)) this.events.instancesChanged(this);
  }

  private showShutdown(progress: ShutdownProgress): void {
    if (this.window.isDestroyed()) return;
    const now = Date.now();
    if (this.shutdownStartedAt === 0) this.shutdownStartedAt = now;
    const line = describeShutdown(progress, now, progress.reason === 'quit' ? 'quit again' : 'close again');
    this.window.setTitle(`${line} — ${this.name ?? 'Procdeck'}`);
    this.window.setProgressBar(
      progress.phase === 'done' ? -1 : shutdownFraction(progress, this.shutdownStartedAt, now),
    );
    this.sendToView({ event: 'shell', payload: { kind: 'shutdown', progress } });
  }
}
