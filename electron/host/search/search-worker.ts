/**
 * One search, run in a worker thread so that reading gigabytes of logs never holds up
 * the host's event loop (and with it every child's output).
 *
 * The worker is an eval worker built from the source text of two self-contained
 * functions (scanLog and searchWorkerMain below): no second bundle entry, the same code
 * under Vitest, the CLI build and the desktop build. It lowers its own thread's priority
 * (on Linux `setpriority` applies to the calling thread), reads each log up to the size
 * it had when the search began, and posts matches in batches. Cancelling terminates the
 * thread at once, even inside a slow regular expression.
 */
import { Worker } from 'node:worker_threads';
import type { InstanceId, OutputStream } from '../../../shared/model';
import type { SearchMatch } from '../../../shared/contract';
import { scanLog, type ScanOptions, type ScanQuery } from './scan-log';

export interface SearchFile {
  readonly instance: InstanceId;
  readonly stream: OutputStream;
  readonly path: string;
  /** Bytes to search: the log's size when the search began. */
  readonly size: number;
}

export interface SearchJob {
  readonly files: readonly SearchFile[];
  readonly query: ScanQuery;
  readonly options: ScanOptions;
  /** Matching lines to send; past it lines are only counted. */
  readonly maxResults: number;
  /** Shortest time between two batches of matches. */
  readonly batchMs: number;
}

/** What the worker posts. `counts` are cumulative matching lines per instance. */
export type WorkerMessage =
  /** The worker begins to read this instance's log (`done`: bytes of the job read before it). */
  | { readonly kind: 'reading'; readonly instance: InstanceId; readonly done: number }
  | { readonly kind: 'matches'; readonly matches: SearchMatch[]; readonly counts: Record<string, number> }
  | {
      readonly kind: 'done';
      readonly counts: Record<string, number>;
      readonly bytes: number;
      readonly limited: boolean;
      /** Logs that could not be read, with the reason. */
      readonly unreadable: string[];
    };

export interface RunningSearch {
  /** Stops the worker; no message arrives after this. Idempotent. */
  cancel(): void;
  /** Settles when the worker has finished, failed or was cancelled: the outcome. */
  readonly finished: Promise<'done' | 'cancelled' | { readonly failed: string }>;
}

export function runSearch(job: SearchJob, onMessage: (message: WorkerMessage) => void): RunningSearch {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: job });
  let cancelled = false;
  let settle: (outcome: 'done' | 'cancelled' | { readonly failed: string }) => void = () => {};
  const finished = new Promise<'done' | 'cancelled' | { readonly failed: string }>((resolve) => (settle = resolve));
  let failure: string | null = null;
  worker.on('message', (message: WorkerMessage) => {
    if (!cancelled) onMessage(message);
  });
  worker.on('error', (error) => (failure = error instanceof Error ? error.message : String(error)));
  worker.on('exit', () => settle(cancelled ? 'cancelled' : failure !== null ? { failed: failure } : 'done'));
  return {
    cancel() {
      if (cancelled) return;
      cancelled = true;
      void worker.terminate();
    },
    finished,
  };
}

/**
 * The worker's program. SELF-CONTAINED like scanLog: it gets scanLog as a parameter and
 * reaches Node only through `process.getBuiltinModule`.
 */
function searchWorkerMain(scan: typeof scanLog): void {
  const fs = process.getBuiltinModule('node:fs');
  const os = process.getBuiltinModule('node:os');
  const threads = process.getBuiltinModule('node:worker_threads');
  const port = threads.parentPort;
  if (!port) return;
  const job = threads.workerData as SearchJob;
  try {
    // Searching is never urgent; output is. (Linux: this thread only.)
    os.setPriority(10);
  } catch {
    // Not permitted here: run at normal priority.
  }
  const counts: Record<string, number> = {};
  let pending: SearchMatch[] = [];
  let sent = 0;
  let limited = false;
  let bytes = 0;
  let lastPost = Date.now();
  const unreadable: string[] = [];
  const post = (): void => {
    if (pending.length > 0) port.postMessage({ kind: 'matches', matches: pending, counts: { ...counts } });
    pending = [];
    lastPost = Date.now();
  };
  for (const file of job.files) {
    let fd: number;
    try {
      fd = fs.openSync(file.path, 'r');
    } catch (error) {
      unreadable.push(`${file.path}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    try {
      port.postMessage({ kind: 'reading', instance: file.instance, done: bytes });
      bytes += file.size;
      scan(
        (buffer, at, length, position) => fs.readSync(fd, buffer, at, length, position),
        file.size,
        job.query,
        job.options,
        (line) => {
          counts[file.instance] = (counts[file.instance] ?? 0) + 1;
          if (sent >= job.maxResults) {
            limited = true;
            return;
          }
          sent++;
          pending.push({ instance: file.instance, stream: file.stream, ...line });
          if (pending.length >= 200 || Date.now() - lastPost >= job.batchMs) post();
        },
      );
    } finally {
      fs.closeSync(fd);
    }
    post();
  }
  post();
  port.postMessage({ kind: 'done', counts, bytes, limited, unreadable });
}

const WORKER_SOURCE = `(${searchWorkerMain.toString()})(${scanLog.toString()});`;
