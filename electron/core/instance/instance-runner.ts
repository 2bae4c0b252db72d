/**
 * One instance slot (`web.2`) through its lifecycle: what the user wants (up or down),
 * what its process does (a ProcessRun), and the exit policy with backoff in between.
 *
 * Contract: every state change goes through `setState`, which publishes it. Timers carry
 * the epoch they were set in, so a timer that outlived its state does nothing. A new
 * process is never spawned while the previous run's tree may still be alive (no
 * EADDRINUSE on restart).
 */
import {
  assertNever,
  type CrashRecord,
  type ExitPolicy,
  type ExitStatus,
  type InstanceId,
  type InstanceSnapshot,
  type InstanceState,
} from '../../../shared/model';
import type { Guard } from '../lifeline/lifeline';
import type { LogFileStore, LogReport } from '../output/log-file-store';
import { OutputRing, type OutputChunk } from '../output/output-ring';
import type { CgroupTracker } from '../process-tree/instance-cgroup';
import type { ProcessTable } from '../process-tree/process-table';
import { SpawnError, type Spawner } from '../spawner/spawner';
import { afterExit, isCleanExit } from './after-exit';
import type { BackoffPolicy } from './backoff';
import { crashRecord } from './crash-record';
import { ProcessRun } from './process-run';
import { workingDirectoryProblem } from './working-directory';

export interface InstanceConfig {
  readonly command: string;
  readonly cwd: string;
  /** The full environment, PORT and PS included. */
  readonly env: Readonly<Record<string, string>>;
  readonly policy: ExitPolicy;
  readonly stopSignal: NodeJS.Signals;
  readonly graceMs: number;
}

export interface RunnerEnvironment {
  readonly spawner: Spawner;
  readonly table: ProcessTable;
  readonly guard: Guard;
  readonly backoff: BackoffPolicy;
  /** A process that exits sooner than this after spawning failed to start. */
  readonly startWindowMs: number;
  /** After the leader exits, how long leftover descendants may keep writing before they are stopped. */
  readonly drainMs: number;
  readonly ringBytes: number;
  readonly crashHistory: number;
  readonly terminalSize: () => { cols: number; rows: number };
  readonly openLog: ((name: InstanceId, report: LogReport) => LogFileStore) | null;
  /** Per-run cgroups, or null where none can be made (see instance-cgroup.ts). */
  readonly cgroups: CgroupTracker | null;
}

export interface RunnerListener {
  state(snapshot: InstanceSnapshot): void;
  crash(record: CrashRecord): void;
  output(id: InstanceId, chunk: OutputChunk): void;
  notice(id: InstanceId, level: 'info' | 'warning' | 'error', message: string): void;
  /** The exit policy is stop-all and this instance exited on its own. */
  stopAllRequested(id: InstanceId, exit: ExitStatus): void;
}

export class InstanceRunner {
  readonly ring: OutputRing;
  private state: InstanceState = { kind: 'idle' };
  private epoch = 0;
  private run: ProcessRun | null = null;
  private desired: 'up' | 'down' = 'down';
  private failures = 0;
  private starts = 0;
  private crashes: CrashRecord[] = [];
  private escaped: readonly number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private log: LogFileStore | null = null;
  private disposed = false;

  constructor(
    readonly id: InstanceId,
    readonly type: string,
    readonly index: number,
    private port: number,
    private config: InstanceConfig,
    private readonly env: RunnerEnvironment,
    private readonly listener: RunnerListener,
  ) {
    this.ring = new OutputRing(env.ringBytes);
  }

  snapshot(): InstanceSnapshot {
    return {
      id: this.id,
      type: this.type,
      index: this.index,
      port: this.port,
      state: this.state,
      restarts: Math.max(0, this.starts - 1),
      crashes: this.crashes,
      escaped: this.escaped,
    };
  }

  get current(): InstanceState {
    return this.state;
  }

  get logFiles(): string[] {
    return this.log?.files ?? [];
  }

  /** New settings apply from the next start. */
  configure(config: InstanceConfig, port: number): void {
    this.config = config;
    if (port !== this.port) {
      this.port = port;
      this.publish();
    }
  }

  start(): void {
    if (this.disposed) return;
    this.desired = 'up';
    const state = this.state;
    switch (state.kind) {
      case 'starting':
      case 'running':
      case 'stopping':
        // Already up, or coming back up when the stop completes.
        return;
      case 'backoff':
        this.spawnWhenClear();
        return;
      case 'idle':
      case 'stopped':
      case 'exited':
      case 'crashed':
      case 'failed':
      case 'crash-loop':
        this.failures = 0;
        this.spawnWhenClear();
        return;
      default:
        assertNever(state, 'instance state');
    }
  }

  /**
   * Stops the instance and everything it started; resolves when none of it is left.
   * Asked again while stopping, it sends SIGKILL at once.
   */
  stop(): Promise<void> {
    this.desired = 'down';
    const state = this.state;
    switch (state.kind) {
      case 'starting':
      case 'running':
        this.beginStop();
        break;
      case 'stopping':
        this.escalate();
        break;
      case 'backoff':
        this.clearTimer();
        this.setState({ kind: 'stopped', at: Date.now(), exit: state.exit });
        break;
      case 'exited':
      case 'crashed':
      case 'failed':
        // Leftover descendants may still be draining: stop them now, with the grace period
        // (a stop-all caused by this very exit lands here); a second request kills them.
        this.run?.hurry();
        break;
      case 'idle':
      case 'stopped':
      case 'crash-loop':
        break;
      default:
        assertNever(state, 'instance state');
    }
    return this.idle();
  }

  /** Stop completely, then start: the new process never meets the old one's port. */
  restart(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.desired = 'up';
    const state = this.state;
    if (state.kind === 'starting' || state.kind === 'running') {
      this.beginStop();
      return this.idle();
    }
    this.start();
    return Promise.resolve();
  }

  /** Sends a signal to the instance's process group (from the UI's signal menu). */
  signal(signal: NodeJS.Signals): boolean {
    return this.run?.signal(signal) ?? false;
  }

  write(data: string | Uint8Array): boolean {
    return this.run?.write(data) ?? false;
  }

  pendingInput(): number {
    return this.run?.pendingInput() ?? 0;
  }

  resize(cols: number, rows: number): void {
    this.run?.resize(cols, rows);
  }

  /** Stops for good: no restart afterwards. */
  async dispose(): Promise<void> {
    await this.stop();
    this.disposed = true;
    this.clearTimer();
    this.log?.close();
  }

  /** Resolves when no process of this slot is alive and its output is closed. */
  async idle(): Promise<void> {
    while (this.run) await this.run.done;
  }

  private spawnWhenClear(): void {
    this.clearTimer();
    const previous = this.run;
    if (previous) {
      // The last run's tree is still being cleaned up; start once it is gone.
      void previous.done.then(() => {
        if (this.desired === 'up' && this.run === null && !this.disposed) this.spawn();
      });
      return;
    }
    this.spawn();
  }

  private spawn(): void {
    const epoch = ++this.epoch;
    const config = this.config;
    void workingDirectoryProblem(config.cwd).then((problem) => {
      if (epoch !== this.epoch || this.desired !== 'up' || this.disposed || this.run) return;
      if (problem) this.cannotStart(problem);
      else this.spawnNow(config);
    });
  }

  private spawnNow(config: InstanceConfig): void {
    let run: ProcessRun;
    const outputStart = this.ring.end;
    try {
      run = new ProcessRun(
        this.env.spawner,
        { command: config.command, cwd: config.cwd, env: config.env, ...this.env.terminalSize() },
        {
          table: this.env.table,
          guard: this.env.guard,
          drainMs: this.env.drainMs,
          stopSignal: config.stopSignal,
          graceMs: config.graceMs,
          cgroups: this.env.cgroups,
        },
        {
          output: (stream, data) => {
            const chunk = this.ring.append(stream, data);
            if (this.env.openLog) {
              this.log ??= this.env.openLog(this.id, (level, message) => this.listener.notice(this.id, level, message));
              this.log.write(stream, chunk.data);
            }
            this.listener.output(this.id, chunk);
          },
          exited: (exit, uptimeMs) => this.afterNaturalExit(exit, uptimeMs, outputStart, config.command),
          stopped: (exit, escaped) => {
            this.setState({ kind: 'stopped', at: Date.now(), exit });
            this.noteEscaped(escaped);
          },
          leftovers: (signalled, escaped) => {
            if (signalled > 0) {
              this.notice('info', `${this.id} exited but left ${signalled} process(es) running; stopped them after ${this.env.drainMs} ms`);
            }
            this.noteEscaped(escaped);
          },
          notice: (level, message) => this.notice(level, `${this.id}: ${message}`),
        },
      );
    } catch (error) {
      this.cannotStart(error instanceof SpawnError ? error.message : `could not start: ${String(error)}`);
      return;
    }
    this.run = run;
    this.starts++;
    this.escaped = [];
    void run.done.then(() => {
      if (this.run !== run) return;
      this.run = null;
      if (this.desired === 'up' && !this.disposed && this.state.kind !== 'backoff') this.spawn();
    });
    const epoch = ++this.epoch;
    this.setState({ kind: 'starting', pid: run.pid, since: run.startedWall });
    this.timer = setTimeout(() => {
      this.timer = null;
      if (epoch === this.epoch && this.state.kind === 'starting') this.setState({ kind: 'running', pid: run.pid, since: run.startedWall });
    }, this.env.startWindowMs);
  }

  private afterNaturalExit(exit: ExitStatus, uptimeMs: number, outputStart: number, command: string): void {
    const at = Date.now();
    this.clearTimer();
    this.epoch++;
    const next = afterExit({
      exit,
      uptimeMs,
      startWindowMs: this.env.startWindowMs,
      policy: this.desired === 'up' ? this.config.policy : 'keep',
      failures: this.failures,
      backoff: this.env.backoff,
    });
    this.failures = next.failures;
    if (!isCleanExit(exit)) {
      const record = crashRecord({ instance: this.id, ring: this.ring, outputStart, exit, uptimeMs, command, run: this.starts });
      this.crashes = [...this.crashes.slice(-(this.env.crashHistory - 1)), record];
      this.listener.crash(record);
    }
    switch (next.kind) {
      case 'failed':
        this.desired = 'down';
        this.setState({ kind: 'failed', at, reason: next.reason, exit });
        this.notice('error', `${this.id} could not start: ${next.reason}`);
        return;
      case 'crash-loop':
        this.desired = 'down';
        this.setState({ kind: 'crash-loop', at, failures: next.failures, exit });
        this.notice('error', `${this.id} is crash-looping: ${next.failures} failed starts in a row; not restarting until asked`);
        return;
      case 'backoff': {
        const epoch = this.epoch;
        this.setState({ kind: 'backoff', until: at + next.delayMs, attempt: next.failures, exit });
        this.timer = setTimeout(() => {
          this.timer = null;
          if (epoch === this.epoch && this.state.kind === 'backoff' && this.desired === 'up') this.spawnWhenClear();
        }, next.delayMs);
        return;
      }
      case 'exited':
      case 'crashed':
        this.desired = 'down';
        this.setState({ kind: next.kind, at, exit, uptimeMs: Math.round(uptimeMs) });
        if (next.stopAll) this.listener.stopAllRequested(this.id, exit);
        return;
      default:
        assertNever(next, 'what follows an exit');
    }
  }

  private beginStop(): void {
    const run = this.run;
    if (!run) return;
    this.clearTimer();
    const since = Date.now();
    this.setState({ kind: 'stopping', pid: run.pid, since, deadline: since + this.config.graceMs, escalated: false });
    run.stop();
  }

  private escalate(): void {
    const state = this.state;
    if (!this.run || state.kind !== 'stopping' || state.escalated) return;
    this.setState({ ...state, escalated: true, deadline: Date.now() });
    this.run.escalate();
  }

  private cannotStart(reason: string): void {
    this.desired = 'down';
    this.setState({ kind: 'failed', at: Date.now(), reason, exit: null });
    this.notice('error', reason);
  }

  private noteEscaped(escaped: readonly number[]): void {
    if (escaped.length === 0) return;
    this.escaped = [...escaped];
    this.notice('warning', `${this.id}: ${escaped.length} descendant process(es) survived SIGKILL: pid ${escaped.join(', ')}`);
    this.publish();
  }

  private notice(level: 'info' | 'warning' | 'error', message: string): void {
    this.listener.notice(this.id, level, message);
  }

  private setState(state: InstanceState): void {
    this.state = state;
    this.publish();
  }

  private publish(): void {
    this.listener.state(this.snapshot());
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
