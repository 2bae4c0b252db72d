/**
 * Turns several instances' byte streams into prefixed lines for the merged view
 * (`web.1 | GET /`), Foreman-style.
 *
 * Bytes are decoded per instance with a streaming UTF-8 decoder (a character split
 * across batches stays whole). Complete lines are emitted at once; a partial line (a
 * prompt, a progress bar) waits for its end, or is shown anyway once it has waited
 * `partialMs` or grown too long, so nothing sits invisible (the shared line rules). Each
 * line is made safe to sit among the others' lines by the same rules, colours kept.
 */
import { MAX_HELD_LINE_BYTES, PARTIAL_LINE_WAIT_MS, readableLine } from '../../shared/line-rules';
import type { InstanceId } from '../../shared/model';

const RESET = '\x1b[0m';
const NEWLINE = 0x0a;

interface Stream {
  readonly decoder: TextDecoder;
  partial: string;
  /** The bytes `partial` was decoded from (the held-size rule counts bytes, as the CLI does). */
  partialBytes: number;
  partialSince: number;
}

export class LinePrefixer {
  private readonly streams = new Map<InstanceId, Stream>();
  private width = 0;

  /** `colorOf` gives the SGR colour code for an instance's prefix (`36` is cyan). */
  constructor(
    private readonly colorOf: (id: InstanceId) => string,
    readonly partialMs = PARTIAL_LINE_WAIT_MS,
  ) {}

  /** The text to write for these bytes: zero or more complete, prefixed lines. */
  push(id: InstanceId, data: Uint8Array, now: number): string {
    const stream = this.stream(id);
    const text = stream.partial + stream.decoder.decode(data, { stream: true });
    const lines = text.split('\n');
    const rest = lines.pop() ?? '';
    if (rest !== stream.partial || lines.length > 0) stream.partialSince = now;
    stream.partial = rest;
    const lastNewline = data.lastIndexOf(NEWLINE);
    stream.partialBytes = lastNewline >= 0 ? data.byteLength - lastNewline - 1 : stream.partialBytes + data.byteLength;
    let out = '';
    for (const line of lines) out += this.format(id, line);
    if (stream.partialBytes >= MAX_HELD_LINE_BYTES) out += this.flushPartial(id, stream);
    return out;
  }

  /** Partial lines that have waited long enough, as lines. */
  flushStale(now: number): string {
    let out = '';
    for (const [id, stream] of this.streams) {
      if (stream.partial && now - stream.partialSince >= this.partialMs) out += this.flushPartial(id, stream);
    }
    return out;
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
  marker(id: InstanceId, text: string): string {
    const stream = this.stream(id);
    return (stream.partial ? this.flushPartial(id, stream) : '') + `${this.prefix(id)}${text}${RESET}\r\n`;
  }

  /** Pads prefixes to at least `width` characters, so the columns line up from the start. */
  reserveWidth(width: number): void {
    this.width = Math.max(this.width, width);
  }

  forget(id: InstanceId): void {
    this.streams.delete(id);
  }

  private flushPartial(id: InstanceId, stream: Stream): string {
    const line = stream.partial;
    stream.partial = '';
    stream.partialBytes = 0;
    return this.format(id, line);
  }

  private format(id: InstanceId, line: string): string {
    return `${this.prefix(id)}${readableLine(line, 'keep-colours')}${RESET}\r\n`;
  }

  private prefix(id: InstanceId): string {
    this.width = Math.max(this.width, id.length);
    return `\x1b[${this.colorOf(id)}m${id.padEnd(this.width)} |${RESET} `;
  }

  private stream(id: InstanceId): Stream {
    let stream = this.streams.get(id);
    if (!stream) {
      stream = { decoder: new TextDecoder('utf-8'), partial: '', partialBytes: 0, partialSince: 0 };
      this.streams.set(id, stream);
    }
    return stream;
  }
}
