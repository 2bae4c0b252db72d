/**
 * Stopping formations before a window closes or the app quits, with progress, and the
 * two-stage rule everywhere: the first request stops gracefully (the stop signal, the
 * grace period, then SIGKILL), a second request kills at once.
 *
 * `FormationShutdown` is one window's stop; `QuitCoordinator` runs them all for a quit and
 * lets the app exit only when every process is gone and the state is saved.
 */
import type { ShutdownProgress } from '../../shared/contract';
import { assertNever, type InstanceSnapshot } from '../../shared/model';
import { shutdownProgress } from './shutdown-progress';

/** A project's formation as the shutdown sees it (ProjectHost + the window's instance tracker). */
export interface StoppableFormation {
  /** First call: a graceful stop; called again while stopping: SIGKILL now. Resolves when nothing is left. */
  close(): Promise<void>;
  instances(): Iterable<InstanceSnapshot>;
}

export class FormationShutdown {
  private run: Promise<void> | null = null;
  private forced = false;
  private finished = false;
  private reason: ShutdownProgress['reason'] = 'close';
  private ticker: NodeJS.Timeout | null = null;

  constructor(
    private readonly formation: StoppableFormation,
    private readonly report: (progress: ShutdownProgress) => void,
    private readonly tickMs = 250,
  ) {}

  get running(): boolean {
    return this.run !== null && !this.finished;
  }

  get done(): boolean {
    return this.finished;
  }

  /** Starts the graceful stop (once); later calls join it. A quit joining a close relabels it. */
  start(reason: ShutdownProgress['reason']): Promise<void> {
    if (reason === 'quit') this.reason = 'quit';
    if (this.run) return this.run;
    this.reason = reason;
    this.ticker = setInterval(() => this.publish(), this.tickMs);
    this.run = this.formation
      .close()
      .catch(() => undefined)
      .finally(() => {
        if (this.ticker) clearInterval(this.ticker);
        this.ticker = null;
        this.finished = true;
        this.report(shutdownProgress([], this.reason, this.forced, true));
      });
    this.publish();
    return this.run;
  }

  /** The second request: SIGKILL whatever is still stopping. */
  escalate(): void {
    if (!this.running) return;
    this.forced = true;
    void this.formation.close().catch(() => undefined);
    this.publish();
  }

  private publish(): void {
    if (this.finished) return;
    this.report(shutdownProgress(this.formation.instances(), this.reason, this.forced));
  }
}

export interface QuitTarget {
  /** Stops the formation for the quit (joining a close under way); resolves when nothing is left. */
  stopForQuit(): Promise<void>;
  /** The second request: SIGKILL now. */
  escalate(): void;
  /** Processes that may be alive now (starting, running, stopping). */
  liveCount(): number;
}

export interface QuitDeps {
  targets(): readonly QuitTarget[];
  /** Asks the user before stopping live processes; true to go on. */
  confirm(liveCount: number): Promise<boolean>;
  /** After every formation stopped: save state, close the lifeline. */
  beforeExit(): Promise<void>;
  /** Lets the app quit for real (app.quit() with `mayQuit` now true). */
  exit(): void;
}

export type QuitPhase = 'idle' | 'confirming' | 'stopping' | 'exiting';

export class QuitCoordinator {
  private phase: QuitPhase = 'idle';
  private stopping: Promise<void> | null = null;

  constructor(private readonly deps: QuitDeps) {}

  get state(): QuitPhase {
    return this.phase;
  }

  /** True once every formation stopped: `before-quit` may proceed. */
  get mayQuit(): boolean {
    return this.phase === 'exiting';
  }

  /**
   * One quit request (menu, ⌘Q, the last window closed, SIGTERM). The first stops every
   * formation gracefully, after a confirmation when `confirm` and something runs; a second
   * while stopping kills at once. Resolves when this request's work is done.
   */
  async request(options: { readonly confirm: boolean } = { confirm: true }): Promise<void> {
    switch (this.phase) {
      case 'exiting':
      case 'confirming':
        return;
      case 'stopping':
        for (const target of this.deps.targets()) target.escalate();
        return;
      case 'idle':
        break;
      default:
        assertNever(this.phase, 'quit phase');
    }
    const live = this.deps.targets().reduce((sum, t) => sum + t.liveCount(), 0);
    if (options.confirm && live > 0) {
      this.phase = 'confirming';
      const go = await this.deps.confirm(live).catch(() => false);
      if (!go) {
        this.phase = 'idle';
        return;
      }
    }
    this.phase = 'stopping';
    this.stopping = Promise.all(this.deps.targets().map((t) => t.stopForQuit())).then(() => undefined);
    await this.stopping;
    await this.deps.beforeExit().catch(() => undefined);
    this.phase = 'exiting';
    this.deps.exit();
  }
}
