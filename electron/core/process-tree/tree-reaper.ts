/**
 * Ends an instance's whole process tree: the stop signal to its group and to every
 * descendant outside it, then SIGKILL for whatever is left at the deadline.
 *
 * Members are found four ways, because each alone misses something: the process group
 * (what a shell's children share), the parent tree (children that changed group), the
 * instance's tag in the environment (daemons that double-forked and were reparented),
 * and, where there is one, the instance's cgroup (daemons that also cleared their
 * environment: `setsid env -i …`).
 * Anything that survives SIGKILL is reported as escaped, never silently left.
 *
 * The table is read with `scan` (asynchronous, shared by every reaper that asks in the
 * same turn): a stop-all of 50 instances once read /proc synchronously in one tick and
 * froze the host's event loop (the desktop app's UI thread) for half a second.
 */
import { descendantsOf, indexTable, type ProcessEntry, type ProcessTable, type TableScan } from './process-table';

export interface ReapRequest {
  /** The instance's leader: its pid is also its process group and session id. */
  readonly leader: number;
  /** The instance's tag (`PROCDECK_TAG` value); '' when not tagged. */
  readonly tag: string;
  readonly signal: NodeJS.Signals;
  /** Give the tree this long to end by itself before signalling (leftovers of an exited leader). */
  readonly waitFirstMs?: number;
  readonly graceMs: number;
  readonly table: ProcessTable;
  /** Whether the leader's exit has been seen (it is our child: Node reaps it). */
  readonly leaderExited: () => boolean;
  /** Called with a process group Procdeck should also guard through the lifeline, and its leader's start time. */
  readonly onGroup?: (pgid: number, startTime: string) => void;
  /** Called once when the table shows the leader gone before its exit was reported. */
  readonly onLeaderGone?: () => void;
  /** Pids known to belong to the instance by other means (its cgroup), whatever their group, session or environment. */
  readonly contained?: () => readonly number[];
}

export interface ReapResult {
  /** How many processes were alive when the signal went out (0: the tree ended by itself). */
  readonly signalled: number;
  /** Whether SIGKILL had to be sent. */
  readonly killed: boolean;
  /** Pids still alive after SIGKILL and a last wait. */
  readonly escaped: readonly number[];
}

export const TAG_VARIABLE = 'PROCDECK_TAG';

/** After SIGKILL, how long to wait for the kernel before calling a survivor escaped. */
const AFTER_KILL_MS = 1000;

export class TreeReaper {
  /** Every member seen, by pid: its start time, so a reused pid is never taken for it. */
  private readonly members = new Map<number, { readonly startTime: string }>();
  /** The table as last scanned, by pid (the scan's shared index: never written to). */
  private view: ReadonlyMap<number, ProcessEntry> = new Map();
  /** Members read alone since that scan (forked after it), by pid. */
  private readAlone = new Map<number, ProcessEntry>();
  private escalated = false;
  private hurried = false;
  private signalled = false;
  private leaderGoneSaid = false;
  private wake: (() => void) | null = null;
  readonly done: Promise<ReapResult>;

  constructor(private readonly request: ReapRequest) {
    this.done = this.run();
  }

  /** A second stop request: SIGKILL now instead of at the deadline. */
  escalate(): void {
    this.escalated = true;
    this.wake?.();
  }

  /**
   * A stop request while the leftovers still had time to finish by themselves: send the
   * stop signal now, then give them the full grace period. Once they have been signalled,
   * a request is a second one and escalates.
   */
  hurry(): void {
    if (this.signalled) this.escalate();
    else {
      this.hurried = true;
      this.wake?.();
    }
  }

  private async run(): Promise<ReapResult> {
    const { leader, signal, graceMs, waitFirstMs = 0 } = this.request;
    await this.collect(true);
    if (waitFirstMs > 0) {
      const until = performance.now() + waitFirstMs;
      while (!this.finished() && !this.escalated && !this.hurried && performance.now() < until) {
        await this.sleep(50);
        await this.collect(false);
      }
      if (this.finished()) return { signalled: 0, killed: false, escaped: [] };
      await this.collect(true);
    }
    const signalled = this.alive().length;
    this.signalled = true;
    this.signalAll(signal);
    if (signal !== 'SIGKILL') this.signalAll('SIGCONT');
    const deadline = performance.now() + graceMs;
    let killed = signal === 'SIGKILL';
    let interval = 10;
    while (!this.finished()) {
      if (!killed && (this.escalated || performance.now() >= deadline)) {
        await this.collect(true);
        this.signalAll('SIGKILL');
        killed = true;
        const killDeadline = performance.now() + AFTER_KILL_MS;
        while (!this.finished() && performance.now() < killDeadline) {
          await this.sleep(20);
          await this.look(false);
        }
        if (!this.finished()) break;
        return { signalled, killed, escaped: [] };
      }
      await this.sleep(Math.min(interval, Math.max(1, deadline - performance.now())));
      interval = Math.min(100, interval * 2);
      await this.collect(false);
    }
    if (this.finished()) return { signalled, killed, escaped: [] };
    return {
      signalled,
      killed,
      escaped: this.alive().filter((pid) => pid !== leader),
    };
  }

  private finished(): boolean {
    const alive = this.alive();
    if (!this.request.leaderExited()) {
      if (!this.leaderGoneSaid && !alive.includes(this.request.leader)) {
        this.leaderGoneSaid = true;
        this.request.onLeaderGone?.();
      }
      return false;
    }
    return alive.length === 0;
  }

  /** Scans the table (with the environments on a full scan); returns the scan. */
  private async look(full: boolean): Promise<TableScan> {
    const scan = await this.request.table.scan(full && this.request.tag !== '' ? [TAG_VARIABLE] : []);
    this.view = indexTable(scan.entries).byPid;
    this.readAlone = new Map();
    return scan;
  }

  /** Adds the current members: the group, the descendants of live members, and (on a full scan) tagged processes. */
  private async collect(full: boolean): Promise<void> {
    const { table, leader, tag } = this.request;
    const scan = await this.look(full);
    const entries = scan.entries;
    const self = process.pid;
    const add = (e: ProcessEntry) => {
      if (e.pid === self || e.zombie || this.members.has(e.pid)) return;
      this.members.set(e.pid, { startTime: e.startTime });
      // A descendant that made its own group: guard that group too while we work.
      if (e.pgid !== leader && e.pgid === e.pid) this.request.onGroup?.(e.pgid, e.startTime);
    };
    for (const pid of this.request.contained?.() ?? []) {
      // Forked since the scan: read it alone (one small file) and keep it in the view.
      const e = this.seen(pid) ?? table.get(pid);
      if (!e) continue;
      if (!this.view.has(pid)) this.readAlone.set(pid, e);
      add(e);
    }
    const roots = [leader, ...this.members.keys()];
    // The leader, its group and its session, from the scan's shared index (not a pass over every process).
    const index = indexTable(entries);
    const own = index.byPid.get(leader);
    if (own) add(own);
    for (const e of index.byGroup.get(leader) ?? []) add(e);
    for (const e of index.bySession.get(leader) ?? []) add(e);
    for (const root of roots) for (const e of descendantsOf(root, entries)) add(e);
    if (full && tag !== '') {
      for (const [pid, value] of scan.env.get(TAG_VARIABLE) ?? []) {
        const e = value === tag ? this.seen(pid) : undefined;
        if (e) add(e);
      }
    }
  }

  /** A process as the last scan (or a read of it alone since) showed it. */
  private seen(pid: number): ProcessEntry | undefined {
    return this.readAlone.get(pid) ?? this.view.get(pid);
  }

  /** Members alive in the last scan (same pid and start time, not a zombie). */
  private alive(): number[] {
    const alive: number[] = [];
    for (const [pid, member] of this.members) {
      const now = this.seen(pid);
      if (now && !now.zombie && now.startTime === member.startTime) alive.push(pid);
      else this.members.delete(pid);
    }
    return alive;
  }

  /**
   * One signal per process: the group at once, then each member outside it. A second
   * copy is not harmless — many programs take a repeated SIGTERM or SIGINT as "give up
   * the graceful shutdown now".
   */
  private signalAll(signal: NodeJS.Signals): void {
    const { leader } = this.request;
    const groupSignalled = leader > 1 && leader !== process.pid && tryKill(-leader, signal);
    for (const pid of this.alive()) {
      if (groupSignalled && this.seen(pid)?.pgid === leader) continue;
      // The scan may be a moment old: make sure the pid is still that member before signalling it.
      const now = this.request.table.get(pid);
      if (now && now.startTime === this.members.get(pid)?.startTime) tryKill(pid, signal);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
    });
  }
}

function tryKill(target: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(target, signal);
    return true;
  } catch {
    // ESRCH: already gone. EPERM: not ours to kill; reported as escaped if it stays.
    return false;
  }
}
