/**
 * Batches of small file-system reads (/proc files, directories, links) done off the
 * event loop.
 *
 * The supervisor's host is the desktop app's UI thread. A scan of /proc through
 * fs.promises costs five thread-pool trips per file (open, fstat, read, read, close), each
 * a promise and a callback on the loop: with 500 other processes on the machine, one scan
 * was ~3,000 callbacks whose completions arrive in bursts, and a stop-all of 50 (several
 * scans a second for every reaper, plus the observer's walk of every tree) held the loop
 * for 100–200 ms at a time (bench/, workload 7). Here one batch is one message to a
 * worker thread that reads every path synchronously and answers with one message: the
 * loop sees two callbacks per batch however many files it holds, and the reads no longer
 * queue in the thread pool in front of the log writes.
 *
 * The worker is an eval worker built from the source text of the self-contained function
 * below (as the search worker is): no second bundle entry, the same code under Vitest, the
 * CLI build and the desktop build. It is unref'd: an idle reader never keeps a process
 * alive. Where no worker can be started, the reads run in-process through fs.promises.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';

/** One read: a file's text (latin1, as /proc writes it), a directory's names, or a link's target. */
export interface ProcRead {
  readonly kind: 'file' | 'dir' | 'link';
  readonly path: string;
  /**
   * For a file read again every tick (an observed process's stat and children): the worker
   * keeps it open and re-reads it from its start, which costs one read instead of an open,
   * two reads and a close (a fifth of the CPU, measured over 100 processes). The value names
   * what the open file belongs to: the same path asked for with another value (a new process
   * under a reused pid) is opened afresh. Ignored by the in-process reads.
   */
  readonly keep?: string;
}

/** Per read, in order: its result, or null when it failed (the process is gone, not ours to read). */
export type ProcAnswer = string | readonly string[] | null;

export interface ProcReads {
  read(batch: readonly ProcRead[]): Promise<ProcAnswer[]>;
}

/** Typed views of one batch's answers. */
export function fileText(answer: ProcAnswer | undefined): string | null {
  return typeof answer === 'string' ? answer : null;
}
export function dirNames(answer: ProcAnswer | undefined): readonly string[] | null {
  return Array.isArray(answer) ? answer : null;
}

let shared: ProcReads | null = null;

/** The host's one reader: a worker thread where one can be started, else in-process reads. */
export function procReads(): ProcReads {
  shared ??= workerProcReads() ?? inlineProcReads();
  return shared;
}

/** In-process reads through fs.promises, a few at a time (the fallback, and the reference the worker is tested against). */
export function inlineProcReads(concurrency = 8): ProcReads {
  return {
    async read(batch) {
      const out: ProcAnswer[] = new Array<ProcAnswer>(batch.length).fill(null);
      let next = 0;
      const lane = async () => {
        while (next < batch.length) {
          const at = next++;
          const { kind, path } = batch[at] as ProcRead;
          try {
            out[at] =
              kind === 'file'
                ? await readFile(path, 'latin1')
                : kind === 'dir'
                  ? await readdir(path)
                  : await readlink(path);
          } catch {
            out[at] = null;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, batch.length) }, lane));
      return out;
    },
  };
}

type Request = { readonly id: number; readonly batch: readonly ProcRead[] };
type Reply = { readonly id: number; readonly answers: ProcAnswer[] };

/**
 * A reader backed by one worker thread; null when a worker cannot be started here.
 * `source`: the worker's program (tests give one that dies, to see the fallback answer).
 */
export function workerProcReads(source = WORKER_SOURCE): ProcReads | null {
  let worker: Worker;
  try {
    worker = new Worker(source, { eval: true });
  } catch {
    return null;
  }
  const fallback = inlineProcReads();
  const pending = new Map<number, { batch: readonly ProcRead[]; resolve: (answers: ProcAnswer[]) => void }>();
  let nextId = 0;
  let broken = false;
  // Unref'd while idle, ref'd while a batch is out: a read in flight is waited for, an idle reader keeps nothing alive.
  worker.unref();
  const fail = () => {
    if (broken) return;
    broken = true;
    // Every batch still out is answered by the in-process reads; so is everything after.
    for (const { batch, resolve } of pending.values()) void fallback.read(batch).then(resolve);
    pending.clear();
  };
  worker.on('message', ({ id, answers }: Reply) => {
    const job = pending.get(id);
    if (!job) return;
    pending.delete(id);
    if (pending.size === 0) worker.unref();
    job.resolve(answers);
  });
  worker.on('error', fail);
  worker.on('exit', fail);
  return {
    read(batch) {
      if (broken) return fallback.read(batch);
      if (batch.length === 0) return Promise.resolve([]);
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, { batch, resolve });
        if (pending.size === 1) worker.ref();
        worker.postMessage({ id, batch } satisfies Request);
      });
    },
  };
}

/**
 * The worker's program. SELF-CONTAINED: it reaches Node only through
 * `process.getBuiltinModule` and uses no name from this module (it runs from its source text).
 */
function procReadsWorkerMain(): void {
  const fs = process.getBuiltinModule('node:fs');
  const port = process.getBuiltinModule('node:worker_threads').parentPort;
  if (!port) return;
  // One buffer for every file: /proc files report size 0, so each is read until a read returns nothing.
  let buffer = Buffer.allocUnsafe(64 * 1024);
  const readText = (path: string): string => {
    const fd = fs.openSync(path, 'r');
    try {
      let length = 0;
      for (;;) {
        if (length === buffer.length) {
          const bigger = Buffer.allocUnsafe(buffer.length * 2);
          buffer.copy(bigger);
          buffer = bigger;
        }
        const got = fs.readSync(fd, buffer, length, buffer.length - length, null);
        if (got === 0) break;
        length += got;
      }
      return buffer.toString('latin1', 0, length);
    } finally {
      fs.closeSync(fd);
    }
  };
  // Kept files: open fds re-read from offset 0. A /proc file generates its text on each read
  // from the start, and a short read is its end (seq_file fills the buffer until its records
  // run out), so one read answers. A kept fd whose process is gone fails (ESRCH) and is retried
  // by path once; fds unused for a while are closed, and only so many are kept.
  const KEEP_MAX = 1024;
  const KEEP_IDLE_MS = 10_000;
  const kept = new Map<string, { fd: number; keep: string; usedAt: number }>();
  let sweptAt = Date.now();
  const drop = (path: string, fd: number) => {
    kept.delete(path);
    try {
      fs.closeSync(fd);
    } catch {
      // already closed: nothing held
    }
  };
  const readAgain = (fd: number): string => {
    let length = fs.readSync(fd, buffer, 0, buffer.length, 0);
    while (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(bigger);
      buffer = bigger;
      length += fs.readSync(fd, buffer, length, buffer.length - length, length);
    }
    return buffer.toString('latin1', 0, length);
  };
  const readKept = (path: string, keep: string, now: number): string => {
    const entry = kept.get(path);
    if (entry && entry.keep === keep) {
      entry.usedAt = now;
      try {
        return readAgain(entry.fd);
      } catch {
        drop(path, entry.fd); // gone, or replaced under the same path: opened afresh below
      }
    } else if (entry) drop(path, entry.fd);
    if (kept.size >= KEEP_MAX) return readText(path);
    const fd = fs.openSync(path, 'r');
    kept.set(path, { fd, keep, usedAt: now });
    try {
      return readAgain(fd);
    } catch (error) {
      drop(path, fd);
      throw error;
    }
  };
  const sweep = (now: number) => {
    if (now - sweptAt < KEEP_IDLE_MS / 2) return;
    sweptAt = now;
    for (const [path, { fd, usedAt }] of kept) if (now - usedAt >= KEEP_IDLE_MS) drop(path, fd);
  };
  port.on('message', ({ id, batch }: Request) => {
    const now = Date.now();
    const answers: ProcAnswer[] = [];
    for (const { kind, path, keep } of batch) {
      try {
        answers.push(
          kind === 'dir'
            ? fs.readdirSync(path)
            : kind === 'link'
              ? fs.readlinkSync(path)
              : keep === undefined
                ? readText(path)
                : readKept(path, keep, now),
        );
      } catch {
        answers.push(null);
      }
    }
    sweep(now);
    port.postMessage({ id, answers } satisfies Reply);
  });
}

const WORKER_SOURCE = `(${procReadsWorkerMain.toString()})();`;
