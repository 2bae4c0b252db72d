/**
 * One spawned process of an instance, and everything that must end before its slot is
 * free again: the process itself, every descendant, and its output streams.
 *
 * The run reports, in this order: output as it comes; either `exited` (it ended on its
 * own; its trailing output has arrived or a short wait passed) or `stopped` (a requested
 * stop reached the whole tree); after `exited`, `leftovers` (what it left behind was given
 * time, then stopped); and finally `done` resolves. It never restarts anything: that is
 * the runner's decision.
 */
import { assertNever, type ExitStatus, type OutputStream } from '../../../shared/model';
import type { Guard } from '../lifeline/lifeline';
import type { CgroupTracker, RunCgroup } from '../process-tree/instance-cgroup';
import type { ProcessTable } from '../process-tree/process-table';
import { TAG_VARIABLE, TreeReaper } from '../process-tree/tree-reaper';
import type { ChildHandle, SpawnRequest, Spawner } from '../spawner/spawner';

export interface RunHooks {
  output(stream: OutputStream, data: Uint8Array): void;
  /** Ended on its own, with this exit, after this long. */
  exited(exit: ExitStatus, uptimeMs: number): void;
  /** A requested stop is complete: nothing of the tree is left, but `escaped`. */
  stopped(exit: ExitStatus | null, escaped: readonly number[]): void;
  /** After `exited`: the descendants it left behind were stopped (`signalled` of them). */
  leftovers(signalled: number, escaped: readonly number[]): void;
  notice(level: 'info' | 'warning' | 'error', message: string): void;
}

export interface RunContext {
  readonly table: ProcessTable;
  readonly guard: Guard;
  /** After the process exits, how long its leftovers may keep writing before they are stopped. */
  readonly drainMs: number;
  readonly stopSignal: NodeJS.Signals;
  readonly graceMs: number;
  /** Where each run gets a cgroup of its own (Linux, where writable); null: none. */
  readonly cgroups: CgroupTracker | null;
}

/** How long to wait, after an exit, for the last output to arrive. */
const SETTLE_OUTPUT_MS = 150;
/** After the tree is gone, how long its output pipes may take to report their end. */
const OUTPUT_CLOSE_GRACE_MS = 250;

/**
 * What the run is doing about its tree. The leader's exit and the end of its output are
 * facts the child reports whenever they happen (`exit`, `outputEnded`); the phase is
 * what the run does with them.
 */
type RunPhase =
  /** The leader runs; nothing was asked of it. */
  | { readonly kind: 'running' }
  /** The leader exited on its own; its last output may still be on the way. */
  | { readonly kind: 'settling'; readonly exit: ExitStatus; readonly timer: NodeJS.Timeout | null }
  /** Its exit is reported; what it left behind may write a while, then is stopped. */
  | { readonly kind: 'draining'; readonly reaper: TreeReaper }
  /** A requested stop: the stop signal to the whole tree, SIGKILL after the grace period. */
  | { readonly kind: 'stopping'; readonly reaper: TreeReaper }
  /** The tree is gone; its output streams are given a moment to close. */
  | { readonly kind: 'closing' }
  /** Nothing of the run is left; `done` has resolved. */
  | { readonly kind: 'done' };

let spawnSequence = 0;

export class ProcessRun {
  readonly pid: number;
  readonly startedWall = Date.now();
  readonly done: Promise<void>;
  private readonly tag: string;
  /** The environment the process was spawned with, the marker included (the environment view). */
  readonly env: Readonly<Record<string, string>>;
  private readonly child: ChildHandle;
  private readonly startedAt = performance.now();
  private phase: RunPhase = { kind: 'running' };
  /** The leader's exit, once reported (in any phase). */
  private exit: ExitStatus | null = null;
  private outputEnded = false;
  private finish: () => void = () => {};
  /** Every process group guarded through the lifeline for this run: the leader's, and any a descendant made. */
  private readonly guarded = new Set<number>();
  private readonly cgroup: RunCgroup | null;

  /** Spawns the process; throws the spawner's SpawnError when it cannot be created. */
  constructor(
    spawner: Spawner,
    request: Omit<SpawnRequest, 'stopSignal'>,
    private readonly context: RunContext,
    private readonly hooks: RunHooks,
  ) {
    const tag = `${context.guard.tagPrefix}${++spawnSequence}`;
    this.tag = tag;
    const cgroup = context.cgroups?.create(`run-${spawnSequence}`) ?? null;
    this.cgroup = cgroup;
    const command = cgroup ? `${cgroup.entry}${request.command}` : request.command;
    this.env = { ...request.env, [TAG_VARIABLE]: tag };
    try {
      this.child = spawner.spawn({
        ...request,
        command,
        env: this.env,
        stopSignal: context.stopSignal,
      });
    } catch (error) {
      cgroup?.remove();
      throw error;
    }
    cgroup?.adopt(this.child.pid);
    this.pid = this.child.pid;
    this.done = new Promise<void>((resolve) => (this.finish = resolve));
    this.guard(this.pid, context.table.get(this.pid)?.startTime ?? '');
    this.child.onData((stream, data) => hooks.output(stream, data));
    this.child.onOutputEnd(() => this.onOutputEnd());
    this.child.onExit((exit) => this.onExit(exit));
  }

  /** The process itself has not exited yet. */
  get alive(): boolean {
    return this.exit === null;
  }

  write(data: string | Uint8Array): boolean {
    if (!this.alive) return false;
    this.child.write(data);
    return true;
  }

  /** Input still waiting for the child to read it (0 when the adapter cannot tell). */
  pendingInput(): number {
    return this.child.pendingInput?.() ?? 0;
  }

  resize(cols: number, rows: number): void {
    if (this.alive) this.child.resize(cols, rows);
  }

  /** Sends a signal to the process group (the UI's signal menu). */
  signal(signal: NodeJS.Signals): boolean {
    if (!this.alive) return false;
    try {
      process.kill(-this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Stops the whole tree: the stop signal, then SIGKILL after the grace period. Once a reaper runs, it finishes the job. */
  stop(): void {
    const phase = this.phase;
    if (phase.kind !== 'running' && phase.kind !== 'settling') return;
    // A stop before an exit of its own was reported: the exit is reported as the stop's.
    if (phase.kind === 'settling' && phase.timer) clearTimeout(phase.timer);
    const reaper = this.newReaper({ signal: this.context.stopSignal, leaderExited: () => this.exit !== null });
    this.phase = { kind: 'stopping', reaper };
    void reaper.done.then((result) => {
      this.hooks.stopped(this.exit, result.escaped);
      this.close();
    });
  }

  /** A second stop request: SIGKILL now. */
  escalate(): void {
    const phase = this.phase;
    if (phase.kind === 'stopping' || phase.kind === 'draining') phase.reaper.escalate();
  }

  /** A stop request after an exit of its own: its leftovers get the stop signal now and the grace period; asked again, SIGKILL. */
  hurry(): void {
    const phase = this.phase;
    if (phase.kind === 'stopping' || phase.kind === 'draining') phase.reaper.hurry();
  }

  private onExit(exit: ExitStatus): void {
    this.exit = exit;
    if (this.phase.kind !== 'running') return; // a stop's reaper finishes the job
    const timer = this.outputEnded ? null : setTimeout(() => this.settle(), SETTLE_OUTPUT_MS);
    this.phase = { kind: 'settling', exit, timer };
    if (this.outputEnded) this.settle();
  }

  private onOutputEnd(): void {
    this.outputEnded = true;
    const phase = this.phase;
    switch (phase.kind) {
      case 'settling':
        this.settle();
        return;
      case 'running':
      case 'draining':
      case 'stopping':
      case 'closing': // the grace timer finishes the run either way
      case 'done':
        return;
      default:
        assertNever(phase, 'run phase');
    }
  }

  /** After an exit of its own: report it (once its output is in), then stop what it left. */
  private settle(): void {
    const phase = this.phase;
    if (phase.kind !== 'settling') return;
    if (phase.timer) clearTimeout(phase.timer);
    const reaper = this.newReaper({
      signal: this.context.stopSignal,
      waitFirstMs: this.context.drainMs,
      leaderExited: () => true,
    });
    // Draining before the report: whoever hears of the exit may already ask to hurry.
    this.phase = { kind: 'draining', reaper };
    this.hooks.exited(phase.exit, performance.now() - this.startedAt);
    void reaper.done.then((result) => {
      this.hooks.leftovers(result.signalled, result.escaped);
      this.close();
    });
  }

  private newReaper(options: {
    signal: NodeJS.Signals;
    leaderExited: () => boolean;
    waitFirstMs?: number;
  }): TreeReaper {
    return new TreeReaper({
      leader: this.pid,
      tag: this.tag,
      graceMs: this.context.graceMs,
      table: this.context.table,
      onGroup: (pgid, startTime) => this.guard(pgid, startTime),
      onLeaderGone: () => this.child.leaderGone(),
      contained: () => this.cgroup?.pids() ?? [],
      ...options,
    });
  }

  private guard(pgid: number, startTime: string): void {
    if (this.guarded.has(pgid)) return;
    this.guarded.add(pgid);
    this.context.guard.register(pgid, startTime);
  }

  /** The tree is gone: finish once its output has ended too. */
  private close(): void {
    this.phase = { kind: 'closing' };
    if (this.outputEnded) {
      this.finishRun();
      return;
    }
    // The pipes close a moment after the tree is gone. Only if they stay open has
    // something outside our reach got hold of them: then stop listening.
    setTimeout(() => {
      if (!this.outputEnded) {
        this.child.detachOutput();
        this.outputEnded = true;
        this.hooks.notice('warning', 'output detached; a process outside the instance still held it open');
      }
      this.finishRun();
    }, OUTPUT_CLOSE_GRACE_MS);
  }

  private finishRun(): void {
    if (this.phase.kind !== 'closing') return;
    this.phase = { kind: 'done' };
    // The whole tree is gone: no group of it may be signalled any more (its pids may be reused).
    for (const pgid of this.guarded) this.context.guard.unregister(pgid);
    this.guarded.clear();
    this.cgroup?.remove();
    this.finish();
  }
}
