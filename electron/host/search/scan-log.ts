/**
 * Finds the lines of one log file that match a query, reading it in chunks.
 *
 * SELF-CONTAINED: `scanLog` is also the code of the search worker (search-worker.ts
 * sends its source text to a worker_threads eval worker, so the build needs no second
 * entry). It may use only its parameters and Node's globals (Buffer, RegExp): no imports,
 * no module-level names, no helpers outside its body.
 *
 * Lines end at `\n`. A chunk is searched up to its last `\n`; the partial line after it
 * is carried into the next read, so a match split across reads is found whole, and a
 * UTF-8 character is never cut (no byte of a multi-byte character is `\n`). A line longer
 * than `maxLineBytes` is cut at a character boundary and searched in parts.
 *
 * Plain case-sensitive text is found on the bytes (Buffer.indexOf, no decoding: the
 * benchmark's case); anything else decodes the complete lines and runs a RegExp over them.
 */
import type { readSync } from 'node:fs';

export interface ScanQuery {
  readonly text: string;
  readonly regex: boolean;
  readonly caseSensitive: boolean;
}

/** A matching line: its byte offset in the file, its (clipped) text, match ranges in that text. */
export interface ScannedLine {
  readonly offset: number;
  readonly text: string;
  readonly ranges: number[];
  readonly clipped: boolean;
}

export interface ScanOptions {
  readonly chunkBytes: number;
  readonly maxLineBytes: number;
  /** Characters of a matching line to keep, around its first match. */
  readonly lineChars: number;
}

/** Reads into `buffer` at `at`, up to `length` bytes from file position `position`; 0 at the end. */
export type ReadAt = (buffer: Buffer, at: number, length: number, position: number) => number;

/** Just the signature of fs.readSync, for callers that bind it to a descriptor. */
export type ReadSync = typeof readSync;

/**
 * Scans `size` bytes read through `read`, calling `found` for each matching line in
 * order. Returns the number of matching lines.
 */
export function scanLog(
  read: ReadAt,
  size: number,
  query: ScanQuery,
  options: ScanOptions,
  found: (line: ScannedLine) => void,
): number {
  const NL = 10;
  const needle = Buffer.from(query.text, 'utf8');
  const bytewise = !query.regex && query.caseSensitive;
  const pattern = bytewise
    ? null
    : new RegExp(
        query.regex ? query.text : query.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        query.caseSensitive ? 'gm' : 'gim',
      );
  let count = 0;

  // Plain text is found by memchr on its rarest-looking byte (Buffer.indexOf of a number),
  // then a compare: several times faster than Buffer.indexOf of the whole needle, which is
  // what the benchmark against grep measures. Rarity is a guess (lower-case letters,
  // digits and spaces are common in logs); when the guess is wrong and the byte turns up
  // often, the search falls back to Buffer.indexOf of the needle.
  const common = (b: number): number =>
    (b >= 97 && b <= 122) || b === 32 ? 3 : b >= 48 && b <= 57 ? 2 : b >= 65 && b <= 90 ? 1 : 0;
  let pick = 0;
  for (let i = 1; i < needle.length; i++) if (common(needle[i] as number) <= common(needle[pick] as number)) pick = i;
  const rare = needle[pick] as number;
  let candidates = 0;
  let dense = false;
  const find = (block: Buffer, from: number): number => {
    if (dense) return block.indexOf(needle, from);
    let at = block.indexOf(rare, from + pick);
    while (at >= 0) {
      const start = at - pick;
      if (
        start + needle.length <= block.length &&
        block.compare(needle, 0, needle.length, start, start + needle.length) === 0
      )
        return start;
      if (++candidates > 4096 && candidates * 64 > at) {
        dense = true;
        return block.indexOf(needle, start + 1);
      }
      at = block.indexOf(rare, at + 1);
    }
    return -1;
  };

  /** Keeps `lineChars` of a line around its first match, shifting the ranges to match. */
  const report = (offset: number, line: string, ranges: number[]): void => {
    count++;
    let from = 0;
    let text = line;
    if (line.length > options.lineChars) {
      from = Math.max(0, Math.min((ranges[0] ?? 0) - (options.lineChars >> 3), line.length - options.lineChars));
      text = line.slice(from, from + options.lineChars);
    }
    const shifted: number[] = [];
    for (let i = 0; i + 1 < ranges.length; i += 2) {
      const s = (ranges[i] as number) - from;
      const e = Math.min((ranges[i + 1] as number) - from, text.length);
      if (s >= 0 && s <= text.length) shifted.push(s, Math.max(s, e));
    }
    found({ offset, text, ranges: shifted, clipped: text.length < line.length });
  };

  /** A block of whole lines (the last may lack its `\n`) starting at file offset `base`. */
  const searchBlock = (block: Buffer, base: number): void => {
    if (pattern === null) {
      candidates = 0;
      let at = find(block, 0);
      while (at >= 0) {
        const start = at === 0 ? 0 : block.lastIndexOf(NL, at - 1) + 1;
        const nl = block.indexOf(NL, at);
        const end = nl < 0 ? block.length : nl;
        const ranges: number[] = [];
        while (at >= 0 && at < end) {
          const s = block.toString('utf8', start, at).length;
          ranges.push(s, s + query.text.length);
          at = find(block, at + needle.length);
        }
        report(base + start, block.toString('utf8', start, end), ranges);
      }
      return;
    }
    const text = block.toString('utf8');
    const ascii = text.length === block.length;
    // Byte offset of a character index, walked forwards only (linear over the block).
    let charAt = 0;
    let byteAt = 0;
    const byteOf = (index: number): number => {
      if (ascii) return index;
      byteAt += Buffer.byteLength(text.slice(charAt, index), 'utf8');
      charAt = index;
      return byteAt;
    };
    pattern.lastIndex = 0;
    let match = pattern.exec(text);
    // The end of a block that ends with its line's `\n` is no line of its own.
    const stop = text.endsWith('\n') ? text.length : text.length + 1;
    while (match !== null && match.index < stop) {
      const at = match.index;
      const start = at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
      const nl = text.indexOf('\n', at);
      const end = nl < 0 ? text.length : nl;
      const ranges: number[] = [];
      while (match !== null && match.index <= end && (match.index < end || ranges.length === 0)) {
        ranges.push(match.index - start, Math.min(match.index + match[0].length, end) - start);
        // An empty match (`^`, `x*`) must not match at the same place forever.
        if (match[0].length === 0) pattern.lastIndex++;
        match = pattern.exec(text);
      }
      report(base + byteOf(start), text.slice(start, end), ranges);
      if (match !== null && match.index <= end) {
        pattern.lastIndex = end + 1;
        match = pattern.exec(text);
      }
    }
  };

  let buffer = Buffer.allocUnsafe(Math.max(16, options.chunkBytes));
  let held = 0; // bytes at the buffer's start carried over: a line not yet ended
  let base = 0; // file offset of buffer[0]
  let position = 0;
  while (position < size) {
    if (held === buffer.length) {
      if (held >= options.maxLineBytes) {
        // An over-long line: search what is held up to a character boundary, keep the rest.
        // Cut before the last character unless it is complete.
        let lead = held - 1;
        while (lead > held - 4 && lead > 0 && ((buffer[lead] as number) & 0xc0) === 0x80) lead--;
        const byte = buffer[lead] as number;
        const width = byte < 0x80 ? 1 : byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
        const cut = lead > 0 && lead + width > held ? lead : held;
        searchBlock(buffer.subarray(0, cut), base);
        buffer.copy(buffer, 0, cut, held);
        held -= cut;
        base += cut;
      } else {
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, Math.max(options.maxLineBytes, 16)));
        buffer.copy(grown, 0, 0, held);
        buffer = grown;
      }
      continue;
    }
    const n = read(buffer, held, Math.min(buffer.length - held, size - position), position);
    if (n <= 0) break;
    position += n;
    const total = held + n;
    const last = buffer.lastIndexOf(NL, total - 1);
    if (last < 0) {
      held = total;
      continue;
    }
    searchBlock(buffer.subarray(0, last + 1), base);
    buffer.copy(buffer, 0, last + 1, total);
    held = total - (last + 1);
    base += last + 1;
  }
  if (held > 0) searchBlock(buffer.subarray(0, held), base);
  return count;
}
