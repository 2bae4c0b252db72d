/**
 * Turns several instances' byte streams into prefixed lines for the merged view
 * (`web.1 | GET /`), Foreman-style.
 *
 * Bytes are decoded per instance with a streaming UTF-8 decoder (a character split
 * across batches stays whole). Complete lines are emitted at once; a partial line (a
 * prompt, a progress bar) waits for its end, or is shown anyway once it has waited
 * `partialMs`, so nothing sits invisible.
 */
import type { InstanceId } from '../../shared/model';
import { sanitizeLine } from './sanitize-line';

const MAX_PARTIAL = 16 * 1024;
const RESET = '\x1b[0m';

interface Stream {
  readonly decoder: TextDecoder;
  partial: string;
  partialSince: number;
}

export class LinePrefixer {
  private readonly streams = new Map<InstanceId, Stream>();
  private width = 0;

  /** `colorOf` gives the SGR colour code for an instance's prefix (`36` is cyan). */
  constructor(
    private readonly colorOf: (id: InstanceId) => string,
    private readonly partialMs = 250,
  ) {}

  /** The text to write for these bytes: zero or more complete, prefixed lines. */
  push(id: InstanceId, data: Uint8Array, now: number): string {
    const stream = this.stream(id);
    const text = stream.partial + stream.decoder.decode(data, { stream: true });
    const lines = text.split('\n');
    const rest = lines.pop() ?? '';
    if (rest !== stream.partial || lines.length > 0) stream.partialSince = now;
    stream.partial = rest;
    let out = '';
    for (const line of lines) out += this.format(id, line);
    if (stream.partial.length > MAX_PARTIAL) out += this.flushPartial(id, stream);
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

  /** True while some partial line is waiting. */
  get hasPartial(): boolean {
    for (const stream of this.streams.values()) if (stream.partial) return true;
    return false;
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
    return this.format(id, line);
  }

  private format(id: InstanceId, line: string): string {
    return `${this.prefix(id)}${sanitizeLine(line)}${RESET}\r\n`;
  }

  private prefix(id: InstanceId): string {
    this.width = Math.max(this.width, id.length);
    return `\x1b[${this.colorOf(id)}m${id.padEnd(this.width)} |${RESET} `;
  }

  private stream(id: InstanceId): Stream {
    let stream = this.streams.get(id);
    if (!stream) {
      stream = { decoder: new TextDecoder('utf-8'), partial: '', partialSince: 0 };
      this.streams.set(id, stream);
    }
    return stream;
  }
}
