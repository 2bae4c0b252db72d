/**
 * Turns instances' byte streams into whole, safe lines (the merged view's `web.1 | GET /`,
 * an instance terminal with timestamps), each with the arrival time of its first byte.
 *
 * Bytes are decoded per instance with a streaming UTF-8 decoder (a character split
 * across batches stays whole). Complete lines are emitted at once; a partial line (a
 * prompt, a progress bar) waits for its end, or is shown anyway once it has waited
 * `partialMs` or grown too long, so nothing sits invisible (the shared line rules). Each
 * line is made safe to sit among the others' lines by the same rules, colours kept.
 *
 * Times come from the batch's arrival marks (shared/arrival-times.ts): one walk per batch,
 * one `indexOf` per line (a newline byte is never part of a multi-byte character, so the
 * n-th decoded line starts after the n-th newline byte).
 */
import { ArrivalWalk, type Arrivals } from '../../shared/arrival-times';
import { MAX_HELD_LINE_BYTES, PARTIAL_LINE_WAIT_MS, readableLine } from '../../shared/line-rules';
import type { InstanceId } from '../../shared/model';

const RESET = '\x1b[0m';
const NEWLINE = 0x0a;

/**
 * Receives each line as it is made: the instance, the arrival time of its first byte
 * (NaN for a line of our own, a marker), and the line: prefix, text and a colour reset,
 * without a line end.
 */
export type LineSink = (id: InstanceId, at: number, line: string) => void;

interface Stream {
  readonly decoder: TextDecoder;
  partial: string;
  /** The bytes `partial` was decoded from (the held-size rule counts bytes, as the CLI does); 0: no line under way. */
  partialBytes: number;
  partialSince: number;
  /** When the first byte of the line under way arrived. */
  partialAt: number;
}

export class LinePrefixer {
  private readonly streams = new Map<InstanceId, Stream>();

  /** `prefixOf` gives what goes before each of an instance's lines (`web.1 | `, or nothing). */
  constructor(
    private readonly prefixOf: (id: InstanceId) => string,
    private readonly sink: LineSink,
    readonly partialMs = PARTIAL_LINE_WAIT_MS,
  ) {}

  /** Bytes of the instance's stream, `data[0]` at `offset`, their arrival marks in `arrivals`: emits the lines they complete. */
  push(id: InstanceId, data: Uint8Array, offset: number, arrivals: Arrivals, now: number): void {
    if (data.byteLength === 0) return;
    const stream = this.stream(id);
    const walk = new ArrivalWalk(arrivals);
    if (stream.partialBytes === 0) stream.partialAt = walk.at(offset);
    const text = stream.partial + stream.decoder.decode(data, { stream: true });
    const lines = text.split('\n');
    const rest = lines.pop() ?? '';
    if (rest !== stream.partial || lines.length > 0) stream.partialSince = now;
    stream.partial = rest;
    let newline = -1;
    for (const line of lines) {
      this.sink(id, stream.partialAt, this.format(id, line));
      newline = data.indexOf(NEWLINE, newline + 1);
      stream.partialAt = newline + 1 < data.byteLength ? walk.at(offset + newline + 1) : Number.NaN;
    }
    stream.partialBytes = newline >= 0 ? data.byteLength - newline - 1 : stream.partialBytes + data.byteLength;
    if (stream.partialBytes >= MAX_HELD_LINE_BYTES) this.flushPartial(id, stream);
  }

  /** Emits the partial lines that have waited long enough. */
  flushStale(now: number): void {
    for (const [id, stream] of this.streams) {
      if (stream.partial && now - stream.partialSince >= this.partialMs) this.flushPartial(id, stream);
    }
  }

  /** When the oldest waiting partial line is due (`flushStale` at or after it shows it); null while none waits. */
  get nextPartialDue(): number | null {
    let due: number | null = null;
    for (const stream of this.streams.values()) {
      if (stream.partial && (due === null || stream.partialSince + this.partialMs < due))
        due = stream.partialSince + this.partialMs;
    }
    return due;
  }

  /** A line of our own (a gap notice) for this instance, after whatever it had pending. */
  marker(id: InstanceId, text: string): void {
    const stream = this.stream(id);
    if (stream.partial) this.flushPartial(id, stream);
    this.sink(id, Number.NaN, `${this.prefixOf(id)}${text}${RESET}`);
  }

  forget(id: InstanceId): void {
    this.streams.delete(id);
  }

  private flushPartial(id: InstanceId, stream: Stream): void {
    const line = stream.partial;
    const at = stream.partialAt;
    stream.partial = '';
    stream.partialBytes = 0;
    this.sink(id, at, this.format(id, line));
  }

  private format(id: InstanceId, line: string): string {
    return `${this.prefixOf(id)}${readableLine(line, 'keep-colours')}${RESET}`;
  }

  private stream(id: InstanceId): Stream {
    let stream = this.streams.get(id);
    if (!stream) {
      stream = {
        decoder: new TextDecoder('utf-8'),
        partial: '',
        partialBytes: 0,
        partialSince: 0,
        partialAt: Number.NaN,
      };
      this.streams.set(id, stream);
    }
    return stream;
  }
}
