/**
 * The headless merged log: `HH:MM:SS web.1 | text`, one colour per process type.
 *
 * Lines of different instances never interleave mid-line. A partial line (no newline
 * yet) is held as long as the shared line rules say; if nothing completes it, it is
 * printed as an open line that the same instance may continue, and is closed with a
 * newline before anyone else prints. Procdeck's own `system` lines wait for an open line to
 * end too (at most SYSTEM_LINE_WAIT_MS), so a state change such as `web.1 ready` never cuts
 * a process's line in two. Nothing is stripped: this is the user's terminal.
 * Bytes are copied once per chunk into one buffer and written with one call: this is the
 * CLI's hot path (see bench/).
 */
import { MAX_HELD_LINE_BYTES, PARTIAL_LINE_WAIT_MS } from '../../shared/line-rules';
import type { InstanceId } from '../../shared/model';
import { colorFor, paint, type Palette } from './colors';

export interface PrinterOptions {
  readonly write: (bytes: Uint8Array) => void;
  readonly color: boolean;
  readonly timestamps: boolean;
  /** Width the names are padded to. */
  readonly nameWidth: number;
  /** How long a partial line waits for its end before it is printed anyway (default: the shared line rule). */
  readonly partialFlushMs?: number;
  /** A partial line this long is printed at once, bounded memory for giant lines (default: the shared line rule). */
  readonly maxHeldBytes?: number;
}

interface Source {
  readonly prefix: Buffer;
  /** The prefix with the current second's timestamp, and that second. */
  stamped: Buffer;
  stampedSecond: number;
  /** `prefixText` is `prefixTextOf` (the last prefix used) as latin1 text. */
  prefixTextOf: Buffer | null;
  prefixText: string;
  pending: Buffer | null;
  /** When `pending` last grew (Date.now()); the timer fires `partialFlushMs` after it. */
  heldSince: number;
  timer: NodeJS.Timeout | null;
}

const NEWLINE = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/** How long a `system` line waits for an open line to end before it closes it. */
export const SYSTEM_LINE_WAIT_MS = 5000;

export class MergedPrinter {
  private readonly sources = new Map<string, Source>();
  /** System lines that came while a line was open, in order. */
  private deferred: string[] = [];
  private deferTimer: ReturnType<typeof setTimeout> | null = null;
  /** The instance whose line is printed but not yet ended, if any. */
  private openLine: Source | null = null;
  private stampSecond = -1;
  private stamp: Buffer = EMPTY;
  private readonly partialFlushMs: number;
  private readonly maxHeldBytes: number;

  constructor(private readonly options: PrinterOptions) {
    this.partialFlushMs = options.partialFlushMs ?? PARTIAL_LINE_WAIT_MS;
    this.maxHeldBytes = options.maxHeldBytes ?? MAX_HELD_LINE_BYTES;
  }

  /** Output bytes of an instance. */
  output(name: InstanceId | string, typeIndex: number, data: Uint8Array): void {
    const source = this.source(name, typeIndex);
    let bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (source === this.openLine) {
      // Continue the open line up to its end, unprefixed. (What it holds is at most the
      // start of a UTF-8 character: joining it to the chunk is cheap.)
      if (source.pending) {
        bytes = Buffer.concat([source.pending, bytes]);
        source.pending = null;
      }
      const nl = bytes.indexOf(NEWLINE);
      if (nl < 0) {
        const cut = utf8SafeLength(bytes);
        this.options.write(bytes.subarray(0, cut));
        if (cut < bytes.length) source.pending = Buffer.from(bytes.subarray(cut));
        return;
      }
      this.options.write(stripCr(bytes.subarray(0, nl + 1)));
      this.openLine = null;
      this.printDeferred();
      bytes = bytes.subarray(nl + 1);
      if (bytes.length === 0) return;
    }
    const lastNl = bytes.lastIndexOf(NEWLINE);
    if (lastNl >= 0) {
      this.closeOpenLine();
      // The held start of the first line goes in front of it, without joining the chunk to it.
      this.options.write(this.prefixLines(source, bytes.subarray(0, lastNl + 1), source.pending));
      source.pending = null;
    }
    const rest = lastNl >= 0 ? bytes.subarray(lastNl + 1) : bytes;
    if (rest.length === 0) {
      this.clearTimer(source);
      return;
    }
    // Own the remainder: the chunk's buffer may be reused by the stream.
    source.pending = source.pending ? Buffer.concat([source.pending, rest]) : Buffer.from(rest);
    if (source.pending.length >= this.maxHeldBytes) this.flushPartial(source);
    else this.armTimer(source);
  }

  /** A message from Procdeck itself, printed as `system`. */
  system(text: string): void {
    if (this.openLine) {
      this.deferred.push(text);
      this.deferTimer ??= setTimeout(() => {
        this.deferTimer = null;
        this.closeOpenLine();
      }, SYSTEM_LINE_WAIT_MS);
      return;
    }
    this.printSystem(text);
  }

  private printSystem(text: string): void {
    const source = this.source('system', -1);
    this.options.write(this.prefixLines(source, Buffer.from(`${text}\n`), null));
  }

  /** After an open line ended: the system lines that waited for it. */
  private printDeferred(): void {
    if (this.deferTimer) clearTimeout(this.deferTimer);
    this.deferTimer = null;
    const waiting = this.deferred;
    this.deferred = [];
    for (const text of waiting) this.printSystem(text);
  }

  /** The instance's output ended: print what is held, ended with a newline. */
  end(name: string): void {
    const source = this.sources.get(name);
    if (!source) return;
    this.clearTimer(source);
    const pending = source.pending;
    source.pending = null;
    if (this.openLine === source) {
      this.openLine = null;
      this.options.write(pending ? Buffer.concat([stripCr(pending), Buffer.from('\n')]) : Buffer.from('\n'));
      this.printDeferred();
    } else if (pending) {
      this.closeOpenLine();
      this.options.write(this.prefixLines(source, Buffer.from('\n'), pending));
    }
  }

  /** Prints every held partial line; for the last moment before exit. */
  flushAll(): void {
    for (const name of this.sources.keys()) this.end(name);
    this.printDeferred();
  }

  private flushPartial(source: Source): void {
    this.clearTimer(source);
    const pending = source.pending;
    if (!pending) return;
    // Never cut a UTF-8 character: hold back an incomplete sequence at the end.
    const cut = utf8SafeLength(pending);
    source.pending = cut < pending.length ? Buffer.from(pending.subarray(cut)) : null;
    this.closeOpenLine();
    const head = this.linePrefix(source);
    this.options.write(Buffer.concat([head, stripCr(pending.subarray(0, cut))]));
    this.openLine = source;
  }

  private closeOpenLine(): void {
    if (this.openLine) {
      this.options.write(Buffer.from('\n'));
      this.openLine = null;
      this.printDeferred();
    }
  }

  /**
   * Every line of `held` + `block` (which ends with a newline) with the source's prefix,
   * one CR before each newline removed (CRLF from a terminal made LF), in one new buffer.
   *
   * The hot path: a pipe flood brings ~800 lines per 64 KiB chunk, a PTY ~50 CRLF lines
   * per 4 KiB chunk. Two ways, the faster for each (bench/, workload 1; both must give
   * the same bytes, which the printer's property test checks):
   * - no CR: the bytes as a latin1 string, one character per byte, so nothing is decoded
   *   and every byte comes back out unchanged (UTF-8 included); V8's `replaceAll` inserts
   *   the prefixes in native code. ~40 % less time than a copy per line for 64 KiB chunks.
   * - with CRs: the block is copied once to the end of the output buffer, then each line
   *   is moved forward to its place behind its prefix with `copyWithin` (a V8 builtin: no
   *   call into C++ and no subarray object per line). A line's destination never passes
   *   its source, which lies `lines × prefix` bytes further on.
   */
  private prefixLines(source: Source, block: Buffer, held: Buffer | null): Buffer {
    if (block.indexOf(CR) < 0 && (held === null || held.indexOf(CR) < 0)) {
      const head = this.linePrefixText(source);
      const text = held
        ? held.toString('latin1') + block.toString('latin1', 0, block.length - 1)
        : block.toString('latin1', 0, block.length - 1);
      return Buffer.from(`${head}${text.replaceAll('\n', `\n${head}`)}\n`, 'latin1');
    }
    const head = this.linePrefix(source);
    const headLength = head.length;
    let lines = 0;
    for (let i = block.indexOf(NEWLINE); i >= 0; i = block.indexOf(NEWLINE, i + 1)) lines++;
    const heldLength = held ? held.length : 0;
    const out = Buffer.allocUnsafe(heldLength + block.length + lines * headLength);
    const base = out.length - block.length;
    block.copy(out, base);
    let at = 0;
    let from = 0;
    for (let i = block.indexOf(NEWLINE); i >= 0; i = block.indexOf(NEWLINE, from)) {
      for (let k = 0; k < headLength; k++) out[at + k] = head[k] as number;
      at += headLength;
      const lineStart = at;
      if (held && from === 0) {
        held.copy(out, at);
        at += heldLength;
      }
      out.copyWithin(at, base + from, base + i);
      at += i - from;
      if (at > lineStart && out[at - 1] === CR) at--;
      out[at++] = NEWLINE;
      from = i + 1;
    }
    return out.subarray(0, at);
  }

  /** The prefix as a latin1 string (one character per byte), for `prefixLines`. */
  private linePrefixText(source: Source): string {
    const prefix = this.linePrefix(source);
    if (source.prefixTextOf !== prefix) {
      source.prefixTextOf = prefix;
      source.prefixText = prefix.toString('latin1');
    }
    return source.prefixText;
  }

  private linePrefix(source: Source): Buffer {
    if (!this.options.timestamps) return source.prefix;
    const now = Date.now();
    const second = Math.floor(now / 1000);
    if (second !== this.stampSecond) {
      this.stampSecond = second;
      const d = new Date(now);
      const text = `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())} `;
      this.stamp = Buffer.from(this.options.color ? paint('dim', text) : text);
    }
    if (source.stampedSecond !== second) {
      source.stampedSecond = second;
      source.stamped = Buffer.concat([this.stamp, source.prefix]);
    }
    return source.stamped;
  }

  private source(name: string, typeIndex: number): Source {
    let source = this.sources.get(name);
    if (!source) {
      const label = `${name.padEnd(this.options.nameWidth)} | `;
      const palette: Palette = name === 'system' ? 'bold' : colorFor(typeIndex);
      const prefix = Buffer.from(this.options.color ? paint(palette, label) : label);
      source = {
        prefix,
        stamped: prefix,
        stampedSecond: -1,
        prefixTextOf: null,
        prefixText: '',
        pending: null,
        heldSince: 0,
        timer: null,
      };
      this.sources.set(name, source);
    }
    return source;
  }

  /**
   * (Re)starts the wait of a held partial line. A flood holds a partial line after nearly
   * every chunk: rather than a new timer per chunk, the running timer checks, when it
   * fires, whether the line grew meanwhile and then waits for the rest of the time.
   */
  private armTimer(source: Source): void {
    source.heldSince = Date.now();
    if (source.timer) return;
    const fire = () => {
      source.timer = null;
      if (!source.pending) return;
      const waited = Date.now() - source.heldSince;
      if (waited >= this.partialFlushMs) this.flushPartial(source);
      else source.timer = setTimeout(fire, this.partialFlushMs - waited);
    };
    source.timer = setTimeout(fire, this.partialFlushMs);
  }

  private clearTimer(source: Source): void {
    if (source.timer) clearTimeout(source.timer);
    source.timer = null;
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function stripCr(bytes: Buffer): Buffer {
  const n = bytes.length;
  if (n >= 2 && bytes[n - 1] === NEWLINE && bytes[n - 2] === CR)
    return Buffer.concat([bytes.subarray(0, n - 2), Buffer.from('\n')]);
  return bytes;
}

/** The length of the longest prefix of `bytes` that does not end inside a UTF-8 character. */
export function utf8SafeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = bytes[n - back] as number;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    if ((b & 0x80) === 0) return n; // ASCII
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return back >= need ? n : n - back;
  }
  return n;
}
