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
import type { ExitStatus, OutputStream } from '../../../shared/model';
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

let spawnSequence = 0;

export class ProcessRun {
  readonly pid: number;
  readonly startedWall = Date.now();
  readonly done: Promise<void>;
  private readonly tag: string;
  private readonly child: ChildHandle;
  private readonly startedAt = performance.now();
  private exitStatus: ExitStatus | null = null;
  private outputEnded = false;
  private stopRequested = false;
  private reaper: TreeReaper | null = null;
  private reaped = false;
  private settleTimer: NodeJS.Timeout | null = null;
  private finished = false;
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
    try {
      this.child = spawner.spawn({ ...request, command, env: { ...request.env, [TAG_VARIABLE]: tag }, stopSignal: context.stopSignal });
    } catch (error) {
      cgroup?.remove();
      throw error;
    }
    cgroup?.adopt(this.child.pid);
    this.pid = this.child.pid;
    this.done = new Promise<void>((resolve) => (this.finish = resolve));
    this.guard(this.pid, context.table.get(this.pid)?.startTime ?? '');
    this.child.onData((stream, data) => hooks.output(stream, data));
    this.child.onOutputEnd(() => {
      this.outputEnded = true;
      this.settle();
      this.maybeFinish();
    });
    this.child.onExit((exit) => this.onExit(exit));
  }

  /** The process itself has not exited yet. */
  get alive(): boolean {
    return this.exitStatus === null;
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

  /** Stops the whole tree: the stop signal, then SIGKILL after the grace period. */
  stop(): void {
    if (this.stopRequested || this.reaper) return;
    this.stopRequested = true;
    this.reaper = this.newReaper({ signal: this.context.stopSignal, leaderExited: () => this.exitStatus !== null });
    void this.reaper.done.then((result) => {
      this.hooks.stopped(this.exitStatus, result.escaped);
      this.afterReap();
    });
  }

  /** A second stop request: SIGKILL now. */
  escalate(): void {
    this.reaper?.escalate();
  }

  /** A stop request after an exit of its own: its leftovers get the stop signal now and the grace period; asked again, SIGKILL. */
  hurry(): void {
    this.reaper?.hurry();
  }

  private onExit(exit: ExitStatus): void {
    this.exitStatus = exit;
    if (this.stopRequested) return; // the reaper finishes the job
    if (this.outputEnded) this.settle();
    else this.settleTimer = setTimeout(() => this.settle(), SETTLE_OUTPUT_MS);
  }

  /** After an exit of its own: report it (once its output is in), then stop what it left. */
  private settle(): void {
    if (this.exitStatus === null || this.stopRequested || this.reaper) return;
    if (this.settleTimer) clearTimeout(this.settleTimer);
    const exit = this.exitStatus;
    this.reaper = this.newReaper({ signal: this.context.stopSignal, waitFirstMs: this.context.drainMs, leaderExited: () => true });
    this.hooks.exited(exit, performance.now() - this.startedAt);
    void this.reaper.done.then((result) => {
      this.hooks.leftovers(result.signalled, result.escaped);
      this.afterReap();
    });
  }

  private newReaper(options: { signal: NodeJS.Signals; leaderExited: () => boolean; waitFirstMs?: number }): TreeReaper {
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

  private afterReap(): void {
    if (this.outputEnded) {
      this.reaped = true;
      this.maybeFinish();
      return;
    }
    // The tree is gone; its pipes close a moment later. Only if they stay open has
    // something outside our reach got hold of them: then stop listening.
    setTimeout(() => {
      if (!this.outputEnded) {
        this.child.detachOutput();
        this.outputEnded = true;
        this.hooks.notice('warning', 'output detached; a process outside the instance still held it open');
      }
      this.reaped = true;
      this.maybeFinish();
    }, OUTPUT_CLOSE_GRACE_MS);
  }

  private maybeFinish(): void {
    if (!this.reaped || !this.outputEnded || this.finished) return;
    this.finished = true;
    // The whole tree is gone: no group of it may be signalled any more (its pids may be reused).
    for (const pgid of this.guarded) this.context.guard.unregister(pgid);
    this.guarded.clear();
    this.cgroup?.remove();
    this.finish();
  }
}
