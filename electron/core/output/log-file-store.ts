/**
 * The full log of one instance slot, on disk, byte for byte as the child wrote it.
 *
 * A PTY slot writes one file (`web.1.log`); a pipe slot one per stream
 * (`web.1.stdout.log`, `web.1.stderr.log`) so that stream tags survive. Writes are
 * asynchronous; if the disk falls behind by `highWaterBytes`, `write` says so and the
 * caller pauses the child's output until `onDrain`: the store never drops a byte.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { OutputStream } from '../../../shared/model';

const DEFAULT_HIGH_WATER = 32 * 1024 * 1024;

export class LogFileStore {
  private readonly streams = new Map<OutputStream, WriteStream>();
  private drainListener: (() => void) | null = null;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly highWaterBytes = DEFAULT_HIGH_WATER,
  ) {
    mkdirSync(dir, { recursive: true });
  }

  pathFor(stream: OutputStream): string {
    return join(this.dir, stream === 'pty' ? `${this.name}.log` : `${this.name}.${stream}.log`);
  }

  get files(): string[] {
    return [...this.streams.keys()].map((s) => this.pathFor(s));
  }

  /** Returns false when the disk is behind and the caller should pause the source. */
  write(stream: OutputStream, data: Uint8Array): boolean {
    let out = this.streams.get(stream);
    if (!out) {
      out = createWriteStream(this.pathFor(stream), { flags: 'a' });
      out.on('error', () => undefined);
      out.on('drain', () => this.drainListener?.());
      this.streams.set(stream, out);
    }
    out.write(data);
    return out.writableLength < this.highWaterBytes;
  }

  onDrain(listener: () => void): void {
    this.drainListener = listener;
  }

  /** Resolves when everything written so far is on disk. */
  flush(): Promise<void> {
    return Promise.all(
      [...this.streams.values()].map(
        (s) => new Promise<void>((resolve) => (s.writableLength === 0 ? resolve() : s.once('drain', () => resolve()))),
      ),
    ).then(() => undefined);
  }

  close(): Promise<void> {
    const closing = [...this.streams.values()].map((s) => new Promise<void>((resolve) => s.end(resolve)));
    this.streams.clear();
    return Promise.all(closing).then(() => undefined);
  }
}
