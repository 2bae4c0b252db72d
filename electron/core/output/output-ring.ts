/**
 * An instance's recent output, bounded in bytes, addressed by absolute byte offset.
 *
 * Offsets count every byte the slot ever produced, so a view can say "from 123456" and
 * learn exactly what it missed. The oldest chunks are dropped first; the log file (when
 * enabled) keeps everything.
 *
 * Each chunk keeps when it arrived (`at`, epoch ms): the chunks are the time index of the
 * output (offset → arrival time), for timestamps and time ranges, one number per chunk.
 */
import type { OutputStream } from '../../../shared/model';

export interface OutputChunk {
  readonly offset: number;
  readonly stream: OutputStream;
  readonly data: Uint8Array;
  /** When the host read it from the child (Date.now()). */
  readonly at: number;
}

export class OutputRing {
  private chunks: OutputChunk[] = [];
  private head = 0;
  private bytes = 0;
  private total = 0;

  constructor(readonly capacity: number) {}

  /** Offset one past the last byte ever appended. */
  get end(): number {
    return this.total;
  }

  /** Offset of the oldest byte still held. */
  get start(): number {
    return this.total - this.bytes;
  }

  append(stream: OutputStream, data: Uint8Array, at = Date.now()): OutputChunk {
    // A small chunk may be a view into a much larger pooled buffer; holding it would
    // hold the whole pool, so small chunks are copied out. (Uint8Array's slice copies;
    // Buffer's, which `data` often is, would return another view of the same pool.)
    const owned =
      data.byteLength < 4096 && data.buffer.byteLength > 4 * data.byteLength
        ? Uint8Array.prototype.slice.call(data)
        : data;
    const chunk: OutputChunk = { offset: this.total, stream, data: owned, at };
    this.total += owned.byteLength;
    if (owned.byteLength >= this.capacity) {
      this.chunks = [
        { offset: this.total - this.capacity, stream, data: owned.subarray(owned.byteLength - this.capacity), at },
      ];
      this.head = 0;
      this.bytes = this.capacity;
      return chunk;
    }
    this.chunks.push(chunk);
    this.bytes += owned.byteLength;
    while (this.bytes > this.capacity) {
      const oldest = this.chunks[this.head] as OutputChunk;
      this.chunks[this.head] = undefined as unknown as OutputChunk;
      this.head++;
      this.bytes -= oldest.data.byteLength;
    }
    if (this.head > 1024 && this.head * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
    return chunk;
  }

  /** Held chunks from `from` on (clamped to what is held), the first one trimmed to start at `from`. */
  read(from: number, maxBytes = Infinity): OutputChunk[] {
    const out: OutputChunk[] = [];
    let budget = maxBytes;
    for (let i = this.head; i < this.chunks.length && budget > 0; i++) {
      const chunk = this.chunks[i] as OutputChunk;
      const chunkEnd = chunk.offset + chunk.data.byteLength;
      if (chunkEnd <= from) continue;
      const skip = Math.max(0, from - chunk.offset);
      const take = Math.min(chunk.data.byteLength - skip, budget);
      out.push(
        skip === 0 && take === chunk.data.byteLength
          ? chunk
          : {
              offset: chunk.offset + skip,
              stream: chunk.stream,
              data: chunk.data.subarray(skip, skip + take),
              at: chunk.at,
            },
      );
      budget -= take;
    }
    return out;
  }

  /**
   * The first offset at or after `offset` that does not fall inside a UTF-8 character
   * (skips at most three continuation bytes), so a replay never starts with half a character.
   */
  characterStart(offset: number): number {
    const from = Math.max(offset, this.start);
    let skip = 0;
    for (const chunk of this.read(from, 3)) {
      for (const byte of chunk.data) {
        if ((byte & 0xc0) !== 0x80) return from + skip;
        skip++;
      }
    }
    return from + skip;
  }

  /** The last `maxBytes` held, from no earlier than `notBefore`. */
  tail(maxBytes: number, notBefore = 0): OutputChunk[] {
    return this.read(Math.max(notBefore, this.end - maxBytes));
  }
}

export function concatChunks(chunks: readonly OutputChunk[]): Uint8Array {
  return Buffer.concat(chunks.map((c) => c.data));
}
