/**
 * The raw read behind each tick: for every watched root, its live processes with their
 * CPU time and resident memory, and the LISTEN sockets they hold. The observer turns two
 * reads into CPU percentages; this file only reads.
 */
import type { ListeningSocket } from './observation';

export interface TreeProcess {
  readonly pid: number;
  /** Opaque, stable for the life of the process: (pid, startTime) is its identity. */
  readonly startTime: string;
  /** utime + stime, in clock ticks. */
  readonly cpuTicks: number;
  readonly rssBytes: number;
}

export interface RawTree {
  /** The root first, then its descendants; empty when the root is gone. */
  readonly processes: readonly TreeProcess[];
  readonly sockets: readonly ListeningSocket[];
}

export interface TreeSource {
  /** Clock ticks per second of `cpuTicks`. */
  readonly ticksPerSecond: number;
  read(roots: readonly number[]): Promise<ReadonlyMap<number, RawTree>>;
}
