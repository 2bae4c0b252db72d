/**
 * One instance slot (`web.2`) through its lifecycle: spawn, watch, stop its whole tree,
 * record crashes, and apply the exit policy with backoff.
 *
 * Contract: every state change goes through `setState`, which publishes it. Timers carry
 * the epoch they were set in, so a timer that outlived its state does nothing. A new
 * process is never spawned while the previous run's tree may still be alive (no
 * EADDRINUSE on restart).
 */
import { access, constants as fsConstants, stat } from 'node:fs/promises';
import {
  assertNever,
  type CrashRecord,
  type ExitPolicy,
  type ExitStatus,
  type InstanceId,
  type InstanceSnapshot,
  type InstanceState,
  type OutputStream,
} from '../../../shared/model';
import { errnoOf } from '../fs-errors';
import type { Guard } from '../lifeline/lifeline';
import type { LogFileStore } from '../output/log-file-store';
import { OutputRing, concatChunks, type OutputChunk } from '../output/output-ring';
import { lastLines } from '../output/readable-lines';
import type { ProcessTable } from '../process-tree/process-table';
import { TAG_VARIABLE, TreeReaper } from '../process-tree/tree-reaper';
import { SpawnError, type ChildHandle, type Spawner } from '../spawner/spawner';
import { decideRestart, type BackoffPolicy } from './backoff';
import { classifyExit } from './exit-outcome';

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
  readonly openLog: ((name: InstanceId, onError: (message: string) => void) => LogFileStore) | null;
}

export interface RunnerListener {
  state(snapshot: InstanceSnapshot): void;
  crash(record: CrashRecord): void;
  output(id: InstanceId, chunk: OutputChunk): void;
  notice(id: InstanceId, level: 'info' | 'warning' | 'error', message: string): void;
  /** The exit policy is stop-all and this instance exited on its own. */
  stopAllRequested(id: InstanceId, exit: ExitStatus): void;
}

/** How long to wait, after an exit, for the last output to arrive before the crash is recorded. */
const SETTLE_OUTPUT_MS = 150;
const CRASH_TAIL_BYTES = 16 * 1024;
/** After the tree is gone, how long its output pipes may take to report their end. */
const OUTPUT_CLOSE_GRACE_MS = 250;
const CRASH_LINES = 20;

/** One spawned process and everything that must finish before the slot is free again. */
interface Run {
  readonly child: ChildHandle;
  readonly pid: number;
  readonly tag: string;
  readonly startedAt: number;
  readonly startedWall: number;
  readonly outputStart: number;
  exit: ExitStatus | null;
  outputEnded: boolean;
  stopRequested: boolean;
  reaper: TreeReaper | null;
  /** The tree is gone (or what is left escaped and was reported). */
  reaped: boolean;
  /** Runs once the output has ended, or after a short wait, whichever is first. */
  settle: (() => void) | null;
  /** Resolves when the process, its tree and its output are all done. */
  readonly done: Promise<void>;
  finish: () => void;
}

let spawnSequence = 0;

export class InstanceRunner {
  readonly ring: OutputRing;
  private state: InstanceState = { kind: 'idle' };
  private epoch = 0;
  private run: Run | null = null;
  private desired: 'up' | 'down' = 'down';
  private failures = 0;
  private starts = 0;
  private crashes: CrashRecord[] = [];
  private escaped: number[] = [];
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
        this.beginStop(this.config.stopSignal);
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
        // Leftover descendants may still be being stopped; a second request hurries them.
        this.run?.reaper?.escalate();
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
      this.beginStop(this.config.stopSignal);
      return this.idle();
    }
    this.start();
    return Promise.resolve();
  }

  /** Sends a signal to the instance's process group (from the UI's signal menu). */
  signal(signal: NodeJS.Signals): boolean {
    const run = this.run;
    if (!run || run.exit) return false;
    try {
      process.kill(-run.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  write(data: string | Uint8Array): boolean {
    const run = this.run;
    if (!run || run.exit) return false;
    run.child.write(data);
    return true;
  }

  resize(cols: number, rows: number): void {
    const run = this.run;
    if (run && !run.exit) run.child.resize(cols, rows);
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
    void this.checkWorkingDirectory(config.cwd).then((problem) => {
      if (epoch !== this.epoch || this.desired !== 'up' || this.disposed || this.run) return;
      if (problem) {
        this.setState({ kind: 'failed', at: Date.now(), reason: problem, exit: null });
        this.listener.notice(this.id, 'error', problem);
        this.desired = 'down';
        return;
      }
      this.spawnNow(config);
    });
  }

  private spawnNow(config: InstanceConfig): void {
    const tag = `${this.env.guard.tagPrefix}${++spawnSequence}`;
    const { cols, rows } = this.env.terminalSize();
    let child: ChildHandle;
    try {
      child = this.env.spawner.spawn({
        command: config.command,
        cwd: config.cwd,
        env: { ...config.env, [TAG_VARIABLE]: tag },
        cols,
        rows,
      });
    } catch (error) {
      const reason = error instanceof SpawnError ? error.message : `could not start: ${String(error)}`;
      this.setState({ kind: 'failed', at: Date.now(), reason, exit: null });
      this.listener.notice(this.id, 'error', reason);
      this.desired = 'down';
      return;
    }
    let finish = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    const run: Run = {
      child,
      pid: child.pid,
      tag,
      startedAt: performance.now(),
      startedWall: Date.now(),
      outputStart: this.ring.end,
      exit: null,
      outputEnded: false,
      stopRequested: false,
      reaper: null,
      reaped: false,
      settle: null,
      done,
      finish,
    };
    this.run = run;
    this.starts++;
    this.escaped = [];
    this.env.guard.register(run.pid);
    child.onData((stream, data) => this.onOutput(stream, data));
    child.onOutputEnd(() => {
      run.outputEnded = true;
      run.settle?.();
      this.maybeFinish(run);
    });
    child.onExit((exit) => this.onExit(run, exit));
    const epoch = ++this.epoch;
    this.setState({ kind: 'starting', pid: run.pid, since: run.startedWall });
    this.timer = setTimeout(() => {
      this.timer = null;
      if (epoch === this.epoch && this.state.kind === 'starting') {
        this.setState({ kind: 'running', pid: run.pid, since: run.startedWall });
      }
    }, this.env.startWindowMs);
  }

  private onOutput(stream: OutputStream, data: Uint8Array): void {
    const chunk = this.ring.append(stream, data);
    if (this.env.openLog) {
      this.log ??= this.env.openLog(this.id, (message) => this.listener.notice(this.id, 'error', message));
      this.log.write(stream, chunk.data);
    }
    this.listener.output(this.id, chunk);
  }

  private onExit(run: Run, exit: ExitStatus): void {
    run.exit = exit;
    if (run.stopRequested) {
      // The reaper finishes the job; the state changes when the whole tree is gone.
      return;
    }
    const uptimeMs = performance.now() - run.startedAt;
    // Let the last bytes arrive (they may trail the exit) so the crash record has them.
    let timer: NodeJS.Timeout | null = null;
    run.settle = () => {
      run.settle = null;
      if (timer) clearTimeout(timer);
      this.settleNaturalExit(run, exit, uptimeMs);
    };
    if (run.outputEnded) run.settle();
    else timer = setTimeout(() => run.settle?.(), SETTLE_OUTPUT_MS);
  }

  private settleNaturalExit(run: Run, exit: ExitStatus, uptimeMs: number): void {
    if (this.run !== run || run.stopRequested) return;
    if (run.reaper) return; // already settled
    const outcome = classifyExit(exit, false, uptimeMs < this.env.startWindowMs);
    const at = Date.now();
    this.clearTimer();
    this.epoch++;
    if (outcome.kind === 'crashed' || outcome.kind === 'failed') this.recordCrash(run, exit, uptimeMs, at);
    // Stop whatever the process left behind, after letting it finish writing.
    run.reaper = new TreeReaper({
      leader: run.pid,
      tag: run.tag,
      signal: this.config.stopSignal,
      waitFirstMs: this.env.drainMs,
      graceMs: this.config.graceMs,
      table: this.env.table,
      leaderExited: () => true,
      onGroup: (pgid) => this.env.guard.register(pgid),
    });
    void run.reaper.done.then((result) => {
      if (result.signalled > 0) {
        this.listener.notice(
          this.id,
          'info',
          `${this.id} exited but left ${result.signalled} process(es) running; stopped them after ${this.env.drainMs} ms`,
        );
      }
      this.afterReap(run, result.escaped);
    });

    const policy = this.config.policy;
    switch (outcome.kind) {
      case 'failed':
        this.desired = 'down';
        this.setState({ kind: 'failed', at, reason: outcome.reason, exit });
        this.listener.notice(this.id, 'error', `${this.id} could not start: ${outcome.reason}`);
        return;
      case 'exited':
      case 'crashed':
        break;
      case 'stopped':
        return;
      default:
        assertNever(outcome, 'exit outcome');
    }
    if (policy === 'restart' && this.desired === 'up') {
      const decision = decideRestart(this.failures, uptimeMs, this.env.backoff);
      this.failures = decision.failures;
      if (decision.kind === 'crash-loop') {
        this.desired = 'down';
        this.setState({ kind: 'crash-loop', at, failures: decision.failures, exit });
        this.listener.notice(this.id, 'error', `${this.id} is crash-looping: ${decision.failures} failed starts in a row; not restarting until asked`);
        return;
      }
      const epoch = this.epoch;
      this.setState({ kind: 'backoff', until: at + decision.delayMs, attempt: decision.failures, exit });
      this.timer = setTimeout(() => {
        this.timer = null;
        if (epoch === this.epoch && this.state.kind === 'backoff' && this.desired === 'up') this.spawnWhenClear();
      }, decision.delayMs);
      return;
    }
    this.desired = 'down';
    const uptime = Math.round(uptimeMs);
    this.setState(
      outcome.kind === 'exited' ? { kind: 'exited', at, exit, uptimeMs: uptime } : { kind: 'crashed', at, exit, uptimeMs: uptime },
    );
    if (policy === 'stop-all') this.listener.stopAllRequested(this.id, exit);
  }

  private beginStop(signal: NodeJS.Signals): void {
    const run = this.run;
    if (!run || run.stopRequested) return;
    run.stopRequested = true;
    this.clearTimer();
    const since = Date.now();
    this.setState({ kind: 'stopping', pid: run.pid, since, deadline: since + this.config.graceMs, escalated: false });
    run.reaper = new TreeReaper({
      leader: run.pid,
      tag: run.tag,
      signal,
      graceMs: this.config.graceMs,
      table: this.env.table,
      leaderExited: () => run.exit !== null,
      onGroup: (pgid) => this.env.guard.register(pgid),
    });
    void run.reaper.done.then((result) => {
      this.setState({ kind: 'stopped', at: Date.now(), exit: run.exit });
      this.afterReap(run, result.escaped);
    });
  }

  private escalate(): void {
    const run = this.run;
    const state = this.state;
    if (!run?.reaper || state.kind !== 'stopping' || state.escalated) return;
    this.setState({ ...state, escalated: true, deadline: Date.now() });
    run.reaper.escalate();
  }

  private afterReap(run: Run, escaped: readonly number[]): void {
    if (escaped.length > 0) {
      this.escaped = [...escaped];
      this.listener.notice(
        this.id,
        'warning',
        `${this.id}: ${escaped.length} descendant process(es) survived SIGKILL: pid ${escaped.join(', ')}`,
      );
      this.publish();
    }
    if (!run.outputEnded) {
      // The tree is gone; its pipes close a moment later. Only if they stay open has
      // something outside our reach got hold of them: then stop listening.
      setTimeout(() => {
        if (!run.outputEnded) {
          run.child.detachOutput();
          run.outputEnded = true;
          this.listener.notice(this.id, 'warning', `${this.id}: output detached; a process outside the instance still held it open`);
        }
        run.reaped = true;
        this.maybeFinish(run);
      }, OUTPUT_CLOSE_GRACE_MS);
      return;
    }
    run.reaped = true;
    this.maybeFinish(run);
  }

  private maybeFinish(run: Run): void {
    if (!run.reaped || !run.outputEnded || this.run !== run) return;
    this.env.guard.unregister(run.pid);
    this.run = null;
    run.finish();
    if (this.desired === 'up' && !this.disposed && this.state.kind !== 'backoff') this.spawn();
  }

  private recordCrash(run: Run, exit: ExitStatus, uptimeMs: number, at: number): void {
    const tail = concatChunks(this.ring.tail(CRASH_TAIL_BYTES, run.outputStart));
    const record: CrashRecord = {
      instance: this.id,
      at,
      exit,
      uptimeMs: Math.round(uptimeMs),
      command: this.config.command,
      lastLines: lastLines(tail, CRASH_LINES),
      run: this.starts,
    };
    this.crashes = [...this.crashes.slice(-(this.env.crashHistory - 1)), record];
    this.listener.crash(record);
  }

  private async checkWorkingDirectory(cwd: string): Promise<string | null> {
    try {
      if (!(await stat(cwd)).isDirectory()) return `working directory ${cwd} is not a directory (ENOTDIR)`;
      await access(cwd, fsConstants.X_OK | fsConstants.R_OK);
      return null;
    } catch (error) {
      const errno = errnoOf(error) ?? 'error';
      const what = errno === 'ENOENT' ? 'does not exist' : errno === 'EACCES' ? 'is not accessible' : 'cannot be used';
      return `working directory ${cwd} ${what} (${errno})`;
    }
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
