import { describe, expect, it } from 'vitest';
import type { Arrivals } from '../../shared/arrival-times';
import type { InstanceId } from '../../shared/model';
import { MAX_HELD_LINE_BYTES, PARTIAL_LINE_WAIT_MS } from '../../shared/line-rules';
import { LinePrefixer } from './line-prefixer';

const bytes = (s: string) => new TextEncoder().encode(s);
/** The text a terminal would show: colours dropped. */
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * A prefixer whose lines are collected as text (`web.1 | line\r\n`) and as (instance,
 * time, line); each instance's bytes are numbered from 0 on, all arriving at time 7 unless
 * a push says otherwise.
 */
function prefixer(partialMs?: number) {
  let out = '';
  const timed: { id: InstanceId; at: number; line: string }[] = [];
  const p = new LinePrefixer(
    (id) => `\x1b[${id.startsWith('web') ? '36' : '33'}m${id} |\x1b[0m `,
    (id, at, line) => {
      out += `${line}\r\n`;
      timed.push({ id, at, line: plain(line) });
    },
    partialMs ?? 250,
  );
  const offsets = new Map<InstanceId, number>();
  const take = () => {
    const text = out;
    out = '';
    return text;
  };
  return {
    timed,
    /** Pushes `data` at the instance's next offset; `arrivals` relative to that offset (default: all at 7). */
    push(id: InstanceId, data: Uint8Array | string, now: number, relative: Arrivals = [0, 7]): string {
      const chunk = typeof data === 'string' ? bytes(data) : data;
      const offset = offsets.get(id) ?? 0;
      offsets.set(id, offset + chunk.byteLength);
      const arrivals = relative.map((n, i) => (i % 2 === 0 ? n + offset : n));
      p.push(id, chunk, offset, arrivals, now);
      return take();
    },
    flushStale(now: number): string {
      p.flushStale(now);
      return take();
    },
    marker(id: InstanceId, text: string): string {
      p.marker(id, text);
      return take();
    },
    get nextPartialDue() {
      return p.nextPartialDue;
    },
  };
}

describe('LinePrefixer', () => {
  it('prefixes each complete line with what the view gives for its instance', () => {
    const p = prefixer();
    expect(plain(p.push('web.1', 'one\ntwo\n', 0))).toBe('web.1 | one\r\nweb.1 | two\r\n');
    expect(plain(p.push('worker.1', 'job done\r\n', 0))).toBe('worker.1 | job done\r\n');
  });

  it('colours the prefix and resets after each line', () => {
    expect(prefixer().push('web.1', '\x1b[31mred\n', 0)).toBe('\x1b[36mweb.1 |\x1b[0m \x1b[31mred\x1b[0m\r\n');
  });

  it('holds a partial line until its end arrives', () => {
    const p = prefixer();
    expect(p.push('web.1', 'hel', 0)).toBe('');
    expect(p.nextPartialDue).toBe(250);
    expect(plain(p.push('web.1', 'lo\n', 10))).toBe('web.1 | hello\r\n');
    expect(p.nextPartialDue).toBe(null);
  });

  it('shows a partial line that waited too long (a prompt), and prefixes the rest again', () => {
    const p = prefixer();
    p.push('web.1', '> ', 0);
    expect(p.flushStale(100)).toBe('');
    expect(plain(p.flushStale(300))).toBe('web.1 | > \r\n');
    expect(plain(p.push('web.1', 'answer\n', 400))).toBe('web.1 | answer\r\n');
  });

  it('keeps a UTF-8 character split across batches whole', () => {
    const p = prefixer();
    const euro = bytes('€\n');
    expect(p.push('web.1', euro.subarray(0, 2), 0)).toBe('');
    expect(plain(p.push('web.1', euro.subarray(2), 0))).toBe('web.1 | €\r\n');
  });

  it('keeps instances apart', () => {
    const p = prefixer();
    p.push('web.1', 'a', 0);
    p.push('web.2', 'b', 0);
    expect(plain(p.push('web.1', '1\n', 0))).toBe('web.1 | a1\r\n');
    expect(plain(p.push('web.2', '2\n', 0))).toBe('web.2 | b2\r\n');
  });

  it('writes a marker after flushing what the instance had pending', () => {
    const p = prefixer();
    p.push('web.1', 'half', 0);
    expect(plain(p.marker('web.1', '… 1 KB skipped'))).toBe('web.1 | half\r\nweb.1 | … 1 KB skipped\r\n');
  });
});

describe('LinePrefixer and arrival times', () => {
  it('gives each line the time of the chunk holding its first byte', () => {
    const p = prefixer();
    // Chunks at 0 (t=100), 6 (t=200) and 9 (t=300) of "alpha\nbe|ta\n|gamma\n".
    p.push('web.1', 'alpha\nbeta\ngamma\n', 0, [0, 100, 8, 200, 11, 300]);
    expect(p.timed).toEqual([
      { id: 'web.1', at: 100, line: 'web.1 | alpha' },
      { id: 'web.1', at: 100, line: 'web.1 | beta' },
      { id: 'web.1', at: 300, line: 'web.1 | gamma' },
    ]);
  });

  it('a line begun in one batch keeps that batch’s time when its end comes in the next', () => {
    const p = prefixer();
    p.push('web.1', 'one\ntw', 0, [0, 10, 4, 20]);
    p.push('web.1', 'o\nthree\n', 0, [0, 30]);
    expect(p.timed.map((l) => [l.line, l.at])).toEqual([
      ['web.1 | one', 10],
      ['web.1 | two', 20],
      ['web.1 | three', 30],
    ]);
  });

  it('a line whose first byte starts a batch gets that batch’s first time, across multi-byte characters', () => {
    const p = prefixer();
    p.push('web.1', 'é\n', 0, [0, 5]);
    p.push('web.1', 'ü€\nx\n', 0, [0, 6, 5, 9]);
    expect(p.timed.map((l) => l.at)).toEqual([5, 6, 9]);
  });

  it('a partial line shown after its wait keeps its first byte’s time, and the rest of it gets its own', () => {
    const p = prefixer();
    p.push('web.1', '> ', 0, [0, 40]);
    p.flushStale(300);
    p.push('web.1', 'yes\n', 400, [0, 50]);
    expect(p.timed.map((l) => [l.line, l.at])).toEqual([
      ['web.1 | > ', 40],
      ['web.1 | yes', 50],
    ]);
  });

  it('a marker line has no arrival time (NaN)', () => {
    const p = prefixer();
    p.marker('web.1', 'gap');
    expect(p.timed[0]?.at).toBeNaN();
  });
});

describe('LinePrefixer and the shared line rules', () => {
  it('waits the shared time by default', () => {
    let out = '';
    const p = new LinePrefixer(
      () => 'web.1 | ',
      (_id, _at, line) => (out += `${line}\r\n`),
    );
    p.push('web.1', bytes('> '), 0, [0, 1], 1000);
    expect(p.nextPartialDue).toBe(1000 + PARTIAL_LINE_WAIT_MS);
    p.flushStale(1000 + PARTIAL_LINE_WAIT_MS - 1);
    expect(out).toBe('');
    p.flushStale(1000 + PARTIAL_LINE_WAIT_MS);
    expect(plain(out)).toBe('web.1 | > \r\n');
  });

  it('shows a partial line at once when its bytes reach the held limit (counted in bytes, not characters)', () => {
    const p = prefixer();
    const euros = '€'.repeat(Math.ceil(MAX_HELD_LINE_BYTES / 3 / 2));
    expect(p.push('web.1', euros, 0)).toBe('');
    expect(plain(p.push('web.1', euros, 0))).toBe(`web.1 | ${euros}${euros}\r\n`);
    expect(p.nextPartialDue).toBe(null);
    // A newline in the batch starts the count again from the bytes after it.
    expect(plain(p.push('web.1', `end\n${'x'.repeat(MAX_HELD_LINE_BYTES - 1)}`, 0))).toBe('web.1 | end\r\n');
    expect(plain(p.push('web.1', 'y', 0))).toBe(`web.1 | ${'x'.repeat(MAX_HELD_LINE_BYTES - 1)}y\r\n`);
  });

  it('strips what would wreck the other lines and keeps colours', () => {
    const out = prefixer().push('web.1', '\x1b]0;title\x07\x1b[2J\x1b[32mok\x1b[0m 10%\r100%\n', 0);
    expect(out).toBe('\x1b[36mweb.1 |\x1b[0m 100%\x1b[0m\r\n');
    expect(prefixer().push('web.1', '\x1b]0;title\x07\x1b[2J\x1b[32mok\x1b[0m\n', 0)).toBe(
      '\x1b[36mweb.1 |\x1b[0m \x1b[32mok\x1b[0m\x1b[0m\r\n',
    );
  });
});
