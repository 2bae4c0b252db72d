/**
 * The host's one observer: while any tree is watched, one read of every watched tree per
 * interval (never two at once), turned into observations: CPU from the difference of two
 * reads, memory and sockets as read. No tree watched, no timer.
 */
import {
  DEFAULT_INTERVAL_MS,
  HISTORY_MS,
  type InstanceObservation,
  type Observer,
  type ResourceSample,
  type TreeWatch,
} from './observation';
import { darwinTreeSource } from './darwin-source';
import { procfsTreeSource } from './procfs-source';
import type { RawTree, TreeSource } from './tree-source';

export interface ObserverOptions {
  /** The read behind each tick; by default the one for `platform`. */
  readonly source?: TreeSource;
  /** Which OS's source to read with (tests on Linux select darwin's). */
  readonly platform?: NodeJS.Platform;
  /** Time between the starts of two reads; at least 1000 in the product. */
  readonly intervalMs?: number;
  /** A monotonic clock in ms: schedules the reads and measures the time CPU figures divide by. */
  readonly now?: () => number;
}

export function createObserver(options: ObserverOptions = {}): Observer {
  return new TickingObserver(
    options.source ?? treeSourceFor(options.platform ?? process.platform),
    options.intervalMs ?? DEFAULT_INTERVAL_MS,
    options.now ?? (() => performance.now()),
  );
}

/**
 * macOS reads `ps` and `lsof` (it has no /proc); every other platform reads /proc, which
 * elsewhere reads as empty trees (no ports, CPU or memory), as before there was a choice.
 */
export function treeSourceFor(platform: NodeJS.Platform): TreeSource {
  return platform === 'darwin' ? darwinTreeSource() : procfsTreeSource();
}

/** The CPU time each process of a tree had at the previous read, by (pid, start time). */
type CpuMark = { /** monotonic ms */ readonly at: number; readonly ticks: ReadonlyMap<string, number> };

class Watch implements TreeWatch {
  latestObservation: InstanceObservation | null = null;
  readonly samples: ResourceSample[] = [];
  readonly listeners = new Set<(observation: InstanceObservation) => void>();
  readonly waiting: ((observation: InstanceObservation | null) => void)[] = [];
  mark: CpuMark | null = null;
  closed = false;

  constructor(
    readonly rootPid: number,
    private readonly owner: TickingObserver,
  ) {}

  latest(): InstanceObservation | null {
    return this.latestObservation;
  }

  history(): readonly ResourceSample[] {
    return this.samples;
  }

  next(): Promise<InstanceObservation | null> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.owner.wantTick();
    });
  }

  subscribe(listener: (observation: InstanceObservation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.owner.forget(this);
    this.listeners.clear();
    for (const resolve of this.waiting.splice(0)) resolve(null);
  }

  /** Takes one read of this tree; `waiters` are those that asked before the read began. */
  record(tree: RawTree, at: number, mono: number, ticksPerSecond: number, waiters: number): InstanceObservation {
    const ticks = new Map<string, number>();
    let used = 0;
    let rssBytes = 0;
    for (const p of tree.processes) {
      const key = `${p.pid}:${p.startTime}`;
      ticks.set(key, p.cpuTicks);
      rssBytes += p.rssBytes;
      const before = this.mark?.ticks.get(key);
      if (before !== undefined) used += Math.max(0, p.cpuTicks - before);
    }
    const seconds = this.mark ? (mono - this.mark.at) / 1000 : 0;
    const cpuPercent = seconds > 0 ? Math.round((used / ticksPerSecond / seconds) * 1000) / 10 : 0;
    this.mark = { at: mono, ticks };
    const observation: InstanceObservation = {
      sockets: tree.sockets,
      cpuPercent,
      rssBytes,
      processes: tree.processes.length,
      at,
    };
    this.latestObservation = observation;
    this.samples.push({ at, cpuPercent, rssBytes });
    while (this.samples.length > 0 && (this.samples[0] as ResourceSample).at <= at - HISTORY_MS) this.samples.shift();
    for (const resolve of this.waiting.splice(0, waiters)) resolve(observation);
    for (const listener of [...this.listeners]) listener(observation);
    return observation;
  }
}

class TickingObserver implements Observer {
  private readonly watches = new Set<Watch>();
  private readonly listeners = new Set<(tick: ReadonlyMap<number, InstanceObservation>) => void>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private reading = false;
  private lastStart = -Infinity;
  private closed = false;

  constructor(
    private readonly source: TreeSource,
    private readonly intervalMs: number,
    private readonly now: () => number,
  ) {}

  watch(rootPid: number): TreeWatch {
    const watch = new Watch(rootPid, this);
    if (this.closed) {
      watch.closed = true;
      return watch;
    }
    this.watches.add(watch);
    this.wantTick();
    return watch;
  }

  subscribe(listener: (tick: ReadonlyMap<number, InstanceObservation>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const watch of [...this.watches]) watch.close();
    this.listeners.clear();
  }

  forget(watch: Watch): void {
    this.watches.delete(watch);
  }

  /** Schedules the next read: as soon as the interval since the last one allows. */
  wantTick(): void {
    if (this.closed || this.timer || this.reading || this.watches.size === 0) return;
    const wait = Math.max(0, this.lastStart + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick();
    }, wait);
    this.timer.unref?.();
  }

  private async tick(): Promise<void> {
    const watches = [...this.watches];
    if (watches.length === 0 || this.closed) return;
    this.reading = true;
    const mono = this.now();
    this.lastStart = mono;
    const at = Date.now();
    const waiters = new Map(watches.map((w) => [w, w.waiting.length]));
    let trees: ReadonlyMap<number, RawTree>;
    try {
      trees = await this.source.read([...new Set(watches.map((w) => w.rootPid))]);
    } catch {
      trees = new Map(); // a source that throws reads as empty trees, never as a crash
    } finally {
      this.reading = false;
    }
    const tick = new Map<number, InstanceObservation>();
    for (const watch of watches) {
      if (watch.closed) continue;
      const tree = trees.get(watch.rootPid) ?? { processes: [], sockets: [] };
      tick.set(watch.rootPid, watch.record(tree, at, mono, this.source.ticksPerSecond, waiters.get(watch) ?? 0));
    }
    for (const listener of [...this.listeners]) listener(tick);
    this.wantTick();
  }
}

let hostObserver: Observer | null = null;

/**
 * `PROCDECK_SAMPLING=off` turns the host's sampling off (rows show no ports, CPU or memory):
 * the sampling benchmark (workload 9) measures the host without it; readiness probes keep
 * their own observer and work either way.
 */
export const SAMPLING_VARIABLE = 'PROCDECK_SAMPLING';

/** The process's one observer: every project of a host (every window of the desktop app) shares its scan. */
export function sharedObserver(env: NodeJS.ProcessEnv = process.env): Observer {
  hostObserver ??= env[SAMPLING_VARIABLE] === 'off' ? silentObserver() : createObserver();
  return hostObserver;
}

/** An observer that never reads: no timer, and its watches never see a tick (`next()` resolves null on close). */
export function silentObserver(): Observer {
  return {
    watch(rootPid) {
      const waiting: ((observation: null) => void)[] = [];
      return {
        rootPid,
        latest: () => null,
        history: () => [],
        next: () => new Promise((resolve) => waiting.push(resolve)),
        subscribe: () => () => {},
        close: () => {
          for (const resolve of waiting.splice(0)) resolve(null);
        },
      };
    },
    subscribe: () => () => {},
    close: () => {},
  };
}
