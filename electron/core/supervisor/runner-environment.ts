/**
 * The runner environment with Procdeck's defaults, so hosts state only what differs.
 */
import type { InstanceId } from '../../../shared/model';
import { DEFAULT_BACKOFF, type BackoffPolicy } from '../instance/backoff';
import type { RunnerEnvironment } from '../instance/instance-runner';
import type { Guard } from '../lifeline/lifeline';
import { LogFileStore, type LogReport } from '../output/log-file-store';
import { cgroupTracker, type CgroupTracker } from '../process-tree/instance-cgroup';
import { sharedProcessTable, systemProcessTable, type ProcessTable } from '../process-tree/process-table';
import type { Spawner } from '../spawner/spawner';
import type { Observer } from '../observe/observation';
import { createObserver } from '../observe/observer';

export const DEFAULT_RING_BYTES = 1024 * 1024;

export interface RuntimeOptions {
  readonly spawner: Spawner;
  readonly guard: Guard;
  /** Where full logs go; null keeps only the in-memory buffers. */
  readonly logDir?: string | null;
  readonly ringBytes?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly startWindowMs?: number;
  readonly drainMs?: number;
  readonly table?: ProcessTable;
  readonly terminalSize?: () => { cols: number; rows: number };
  /** Per-run cgroups: the default finds a writable cgroup v2 on Linux; null turns them off. */
  readonly cgroups?: CgroupTracker | null;
  /** Listening sockets for the readiness checks; the default observes this host (at most 1 scan/s). */
  readonly observer?: Observer | null;
}

export function createRunnerEnvironment(options: RuntimeOptions): RunnerEnvironment {
  const logDir = options.logDir ?? null;
  return {
    spawner: options.spawner,
    guard: options.guard,
    table: options.table ?? sharedProcessTable(systemProcessTable()),
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    startWindowMs: options.startWindowMs ?? 1000,
    drainMs: options.drainMs ?? 2000,
    ringBytes: options.ringBytes ?? DEFAULT_RING_BYTES,
    crashHistory: 20,
    terminalSize: options.terminalSize ?? (() => ({ cols: 120, rows: 30 })),
    cgroups: options.cgroups !== undefined ? options.cgroups : process.platform === 'linux' ? cgroupTracker() : null,
    observer: options.observer !== undefined ? options.observer : createObserver(),
    openLog: logDir ? (name: InstanceId, report: LogReport) => new LogFileStore(logDir, name, report) : null,
  };
}
