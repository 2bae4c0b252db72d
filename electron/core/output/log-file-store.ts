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
 * byte and never grows in memory. A failing disk (ENOSPC, EIO) is reported once and the
 * store stops writing; the ring buffer and views carry on.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputStream } from '../../../shared/model';

export class LogFileStore {
  private readonly fds = new Map<OutputStream, number>();
  private failed = false;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly onError: (message: string) => void = () => {},
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  pathFor(stream: OutputStream): string {
    return join(this.dir, stream === 'pty' ? `${this.name}.log` : `${this.name}.${stream}.log`);
  }

  get files(): string[] {
    return [...this.fds.keys()].map((s) => this.pathFor(s));
  }

  write(stream: OutputStream, data: Uint8Array): void {
    if (this.failed) return;
    try {
      let fd = this.fds.get(stream);
      if (fd === undefined) {
        // 0600: a log holds whatever a process printed or a user typed.
        fd = openSync(this.pathFor(stream), 'a', 0o600);
        this.fds.set(stream, fd);
      }
      let written = 0;
      while (written < data.byteLength) written += writeSync(fd, data, written);
    } catch (error) {
      this.failed = true;
      this.onError(`the log of ${this.name} could not be written (${(error as NodeJS.ErrnoException).code ?? String(error)}); it is incomplete from here on`);
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
}
