/**
 * The log scanner over in-memory logs read in chunks of every small size: a match split
 * across two reads is found once, whole; a multi-byte character split across reads is
 * decoded whole; offsets are byte offsets of the line in the file.
 */
import { describe, expect, it } from 'vitest';
import { scanLog, type ScannedLine, type ScanQuery } from './scan-log';

function scan(
  log: string | Buffer,
  query: Partial<ScanQuery> & { text: string },
  chunkBytes: number,
  maxLineBytes = 1 << 20,
) {
  const bytes = typeof log === 'string' ? Buffer.from(log, 'utf8') : log;
  const lines: ScannedLine[] = [];
  const reads: number[] = [];
  const count = scanLog(
    (buffer, at, length, position) => {
      const n = bytes.copy(buffer, at, position, Math.min(bytes.length, position + length));
      reads.push(n);
      return n;
    },
    bytes.length,
    { regex: false, caseSensitive: true, ...query },
    { chunkBytes, maxLineBytes, lineChars: 400 },
    (line) => lines.push(line),
  );
  return { count, lines, reads };
}

/** What a match looks like in its line: the text of each range. */
function marked(line: ScannedLine): string[] {
  const out: string[] = [];
  for (let i = 0; i < line.ranges.length; i += 2) out.push(line.text.slice(line.ranges[i], line.ranges[i + 1]));
  return out;
}

const LOG = 'alpha one\nbeta ECONNREFUSED two\ngamma\nECONNREFUSED again ECONNREFUSED\nlast line no newline ECONN';
const CHUNKS = [1, 2, 3, 5, 7, 16, 64, 4096];

describe('scanLog', () => {
  it.each(CHUNKS)('finds every matching line once, whole, whatever the read size (%i bytes)', (chunk) => {
    const { count, lines } = scan(LOG, { text: 'ECONNREFUSED' }, chunk);
    expect(count).toBe(2);
    expect(lines.map((l) => [l.offset, l.text])).toEqual([
      [10, 'beta ECONNREFUSED two'],
      [38, 'ECONNREFUSED again ECONNREFUSED'],
    ]);
    expect(lines.map(marked)).toEqual([['ECONNREFUSED'], ['ECONNREFUSED', 'ECONNREFUSED']]);
  });

  it.each(CHUNKS)('reads the log in reads of at most the chunk size (%i bytes) while lines are short', (chunk) => {
    const { reads } = scan('ab\ncd\nef\n', { text: 'x' }, chunk, 1 << 20);
    expect(reads.reduce((a, b) => a + b, 0)).toBe(9);
  });

  it('finds a match in a last line without a newline', () => {
    expect(scan(LOG, { text: 'no newline' }, 3).lines.map((l) => l.text)).toEqual(['last line no newline ECONN']);
  });

  // "é" is 2 bytes, "€" 3, "𝄞" 4 (a surrogate pair in UTF-16): any read size splits one of them.
  const UTF8 = 'début é\nprix 5 € net\n𝄞 clef 𝄞 sol\nfin\n';
  it.each(CHUNKS)('decodes characters split across reads whole (%i bytes)', (chunk) => {
    const { lines } = scan(UTF8, { text: '€ net' }, chunk);
    expect(lines).toEqual([
      { offset: Buffer.byteLength('début é\n'), text: 'prix 5 € net', ranges: [7, 12], clipped: false },
    ]);
    const clef = scan(UTF8, { text: 'sol' }, chunk).lines;
    expect(clef.map(marked)).toEqual([['sol']]);
    expect(clef[0]?.offset).toBe(Buffer.byteLength('début é\nprix 5 € net\n'));
  });

  it.each(CHUNKS)(
    'a regular expression over multi-byte text gives byte offsets and UTF-16 ranges (%i bytes)',
    (chunk) => {
      const { lines } = scan(UTF8, { text: '𝄞 \\w+', regex: true }, chunk);
      expect(lines.map(marked)).toEqual([['𝄞 clef', '𝄞 sol']]);
      expect(lines[0]?.offset).toBe(Buffer.byteLength('début é\nprix 5 € net\n'));
      expect(scan(UTF8, { text: '^fin$', regex: true }, chunk).lines.map((l) => l.offset)).toEqual([
        Buffer.byteLength('début é\nprix 5 € net\n𝄞 clef 𝄞 sol\n'),
      ]);
    },
  );

  it.each([7, 4096, 1 << 16])(
    'plain text whose rarest-looking byte is everywhere is still found, once per line (%i bytes)',
    (chunk) => {
      const log = `${'Q'.repeat(20_000)}\n${'QQ\n'.repeat(5000)}xQz QzQz\n${'Q'.repeat(9000)}Qz\n`;
      const { lines } = scan(log, { text: 'Qz' }, chunk);
      expect(lines.map(marked)).toEqual([['Qz', 'Qz', 'Qz'], ['Qz']]);
    },
  );

  it('plain text is case-sensitive by default and may ignore case', () => {
    const log = 'Error: one\nerror: two\nERROR three\n';
    expect(scan(log, { text: 'error' }, 4).lines.map((l) => l.text)).toEqual(['error: two']);
    expect(scan(log, { text: 'error', caseSensitive: false }, 4).lines.map(marked)).toEqual([
      ['Error'],
      ['error'],
      ['ERROR'],
    ]);
  });

  it('plain text is literal: regular-expression characters match themselves', () => {
    const log = 'a.b\naxb\n(x)+\n';
    expect(scan(log, { text: 'a.b', caseSensitive: false }, 3).lines.map((l) => l.text)).toEqual(['a.b']);
    expect(scan(log, { text: '(x)+', caseSensitive: false }, 3).lines.map((l) => l.text)).toEqual(['(x)+']);
    expect(scan(log, { text: 'a.b', regex: true }, 3).lines.map((l) => l.text)).toEqual(['a.b', 'axb']);
  });

  it('an empty regex match ends and counts each line once', () => {
    const { count, lines } = scan('one\n\ntwo\n', { text: 'z*', regex: true }, 2);
    expect(count).toBe(3);
    expect(lines.map((l) => l.text)).toEqual(['one', '', 'two']);
  });

  it('a line longer than the longest held is searched in parts, cut between characters', () => {
    const long = `${'€'.repeat(100)}NEEDLE${'é'.repeat(50)}\nNEEDLE short\n`;
    const { lines } = scan(long, { text: 'NEEDLE' }, 8, 64);
    expect(lines.map((l) => l.text.includes('\ufffd'))).not.toContain(true);
    expect(lines.map(marked).flat()).toEqual(['NEEDLE', 'NEEDLE']);
  });

  it('keeps only lineChars of a long line, around its first match', () => {
    const line = `${'x'.repeat(2000)}HERE${'y'.repeat(2000)}`;
    const [found] = scan(`${line}\n`, { text: 'HERE' }, 512).lines;
    expect(found?.clipped).toBe(true);
    expect(found?.text.length).toBe(400);
    expect(found && marked(found)).toEqual(['HERE']);
  });

  it('searches no further than the size it is given (a log that grows while searched)', () => {
    const log = 'hit 1\nhit 2\nhit 3\n';
    const lines: ScannedLine[] = [];
    scanLog(
      (buffer, at, length, position) => Buffer.from(log).copy(buffer, at, position, position + length),
      6,
      { text: 'hit', regex: false, caseSensitive: true },
      { chunkBytes: 4, maxLineBytes: 1024, lineChars: 400 },
      (l) => lines.push(l),
    );
    expect(lines.map((l) => l.text)).toEqual(['hit 1']);
  });
});
