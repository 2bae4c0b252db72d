/**
 * What the host observes of each instance's process tree: the sockets it listens on and
 * what it costs (CPU, memory). One scan of /proc per tick serves every watched tree of the
 * host, so 100 instances cost one read of the process table, not 100.
 *
 * This file is the observer's interface: the supervisor, readiness probes and the host's
 * event code against it (with a fake in unit tests); `createObserver` (observer.ts) is the
 * real one.
 */
import type { ListeningSocket, PortHolder, ResourceSample } from '../../../shared/contract';

export type { ListeningSocket, PortHolder, ResourceSample };

/** One tick's view of one process tree (the instance's process and all its descendants). */
export interface InstanceObservation {
  /** Sorted by port, then address; one entry per (address, port). */
  readonly sockets: readonly ListeningSocket[];
  /**
   * CPU used by the whole tree since the previous tick, in percent of one core (two busy
   * cores read 200). 0 on a tree's first tick, which has nothing to compare with.
   */
  readonly cpuPercent: number;
  /** Resident memory summed over the tree. */
  readonly rssBytes: number;
  /** How many live processes the tree has (the root included); 0 when the root is gone. */
  readonly processes: number;
  /** Wall-clock ms when the scan began. */
  readonly at: number;
}

/** The observation of one tree, for as long as somebody watches it. */
export interface TreeWatch {
  readonly rootPid: number;
  /** The latest tick's observation; null before the first tick after `watch`. */
  latest(): InstanceObservation | null;
  /** Up to the last 60 s of samples, oldest first. */
  history(): readonly ResourceSample[];
  /**
   * The observation of the first tick that begins after this call (a probe's fresh answer,
   * never a stale one). Resolves null when the watch is closed first.
   */
  next(): Promise<InstanceObservation | null>;
  /** Called after every tick with this tree's observation; returns the unsubscribe. */
  subscribe(listener: (observation: InstanceObservation) => void): () => void;
  /** Stops observing this tree (idempotent); pending `next()` calls resolve null. */
  close(): void;
}

/** The host's one observer: watches trees, scans at most once per interval while any is watched. */
export interface Observer {
  /** Starts observing the tree rooted at `rootPid` (the instance's process). */
  watch(rootPid: number): TreeWatch;
  /** Called after every tick with every watched tree's observation (by root pid). */
  subscribe(listener: (tick: ReadonlyMap<number, InstanceObservation>) => void): () => void;
  /** Stops the ticks and closes every watch. */
  close(): void;
}

/** The seconds of history kept per tree. */
export const HISTORY_MS = 60_000;

/** How often the host scans while any tree is watched (at most once a second; tests may go faster). */
export const DEFAULT_INTERVAL_MS = 1000;
