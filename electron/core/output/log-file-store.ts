/**
 * The full log of one instance slot, on disk, byte for byte as the child wrote it.
 *
 * A PTY slot writes one file (`web.1.log`); a pipe slot one per stream
 * (`web.1.stdout.log`, `web.1.stderr.log`) so that stream tags survive.
 *
 * Writes are synchronous, one per chunk as it arrives: a write into the page cache costs
 * microseconds, a third of the CPU of an asynchronous WriteStream (measured: 1 GiB in
 * ~0.2 s of CPU instead of ~0.7 s), and it needs no buffer of its own. If the disk is
 * slow, the write waits, the pipe fills and the child waits: the store never drops a
 * byte and never grows in memory.
 *
 * Nothing here throws: the store runs inside a child's output event, where an exception
 * would take the host down with every instance. A folder that cannot be created or a
 * write that fails (ENOSPC, EIO, EACCES) is reported once, naming the log and the reason;
 * the ring buffer and the views carry on without it. While failed, the store tries again
 * (folder, file, write) at most once per `retryMs`, and says once that the log resumed
 * and how many bytes it is missing.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputStream } from '../../../shared/model';
import { errnoOf } from '../fs-errors';

/** How the store speaks up: 'error' when a log stops, 'info' when it resumes. */
export type LogReport = (level: 'error' | 'info', message: string) => void;

const RETRY_MS = 1000;

export class LogFileStore {
  private readonly fds = new Map<OutputStream, number>();
  private readonly opened = new Set<OutputStream>();
  private dirReady = false;
  /** While failed: when to try again, and how many bytes were not written. */
  private failure: { retryAt: number; missing: number } | null = null;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly report: LogReport = () => {},
    private readonly retryMs = RETRY_MS,
  ) {}

  pathFor(stream: OutputStream): string {
    return join(this.dir, stream === 'pty' ? `${this.name}.log` : `${this.name}.${stream}.log`);
  }

  get files(): string[] {
    return [...this.opened].map((s) => this.pathFor(s));
  }

  write(stream: OutputStream, data: Uint8Array): void {
    const failure = this.failure;
    if (failure && performance.now() < failure.retryAt) {
      failure.missing += data.byteLength;
      return;
    }
    let written = 0;
    try {
      if (!this.dirReady) {
        mkdirSync(this.dir, { recursive: true, mode: 0o700 });
        this.dirReady = true;
      }
      let fd = this.fds.get(stream);
      if (fd === undefined) {
        // 0600: a log holds whatever a process printed or a user typed.
        fd = openSync(this.pathFor(stream), 'a', 0o600);
        this.fds.set(stream, fd);
        this.opened.add(stream);
      }
      while (written < data.byteLength) written += writeSync(fd, data, written);
    } catch (error) {
      this.fail(error, data.byteLength - written);
      return;
    }
    if (failure) {
      this.failure = null;
      this.report('info', `the log of ${this.name} resumed; ${failure.missing} byte(s) are missing from it`);
    }
  }

  close(): void {
    for (const fd of this.fds.values()) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.fds.clear();
  }

  private fail(error: unknown, unwritten: number): void {
    const first = this.failure === null;
    this.failure = { retryAt: performance.now() + this.retryMs, missing: (this.failure?.missing ?? 0) + unwritten };
    // Start again from the folder: it may have been removed, remounted or replaced.
    this.close();
    this.dirReady = false;
    if (first) {
      const reason = errnoOf(error) ?? (error instanceof Error ? error.message : String(error));
      this.report(
        'error',
        `the log of ${this.name} stopped (${reason}: ${this.dir}); it is incomplete from here on, and is retried every ${this.retryMs / 1000} s`,
      );
    }
  }
}
