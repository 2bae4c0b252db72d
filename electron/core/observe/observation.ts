/**
 * What the host observes of each instance's process tree: the sockets it listens on and
 * what it costs (CPU, memory). One scan of /proc per tick serves every watched tree of the
 * host, so 100 instances cost one read of the process table, not 100.
 *
 * This file is the observer's interface: the supervisor, readiness probes and the host's
 * event code against it (with a fake in unit tests); `createObserver` (observer.ts) is the
 * real one.
 */

/** A TCP socket in LISTEN state that some process of the tree holds open. */
export interface ListeningSocket {
  /** The bind address as the kernel reports it: `0.0.0.0`, `127.0.0.1`, `::`, `::1`, … */
  readonly address: string;
  readonly port: number;
  /** The process of the tree holding it (the first found when several share it). */
  readonly pid: number;
}

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

/** One point of the 60-second history (the sparkline). */
export interface ResourceSample {
  readonly at: number;
  readonly cpuPercent: number;
  readonly rssBytes: number;
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

/** Who holds a TCP port in LISTEN state: the pre-spawn check's answer. */
export interface PortHolder {
  readonly port: number;
  readonly address: string;
  /** null when the socket is visible but its process is not (another user's, or a container's). */
  readonly pid: number | null;
  /** The holder's command line, '' when unknown. */
  readonly command: string;
  /** When the holder is an instance of a Procdeck formation: its name (`web.1`, from PS). */
  readonly procdeckInstance: string | null;
  /** The holder's working directory (a Procdeck instance's: its project's folder); null when unreadable. */
  readonly directory: string | null;
  /** True when the holder runs as this user (so offering to stop it makes sense). */
  readonly ours: boolean;
}

/** The seconds of history kept per tree. */
export const HISTORY_MS = 60_000;

/** How often the host scans while any tree is watched (at most once a second; tests may go faster). */
export const DEFAULT_INTERVAL_MS = 1000;
