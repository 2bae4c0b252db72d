import { describe, expect, it } from 'vitest';
import type { InstanceId } from '../../shared/model';
import { MAX_HELD_LINE_BYTES, PARTIAL_LINE_WAIT_MS } from '../../shared/line-rules';
import { LinePrefixer } from './line-prefixer';

const bytes = (s: string) => new TextEncoder().encode(s);
/** The text a terminal would show: colours dropped. */
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

function prefixer() {
  return new LinePrefixer((id: InstanceId) => (id.startsWith('web') ? '36' : '33'), 250);
}

describe('LinePrefixer', () => {
  it('prefixes each complete line with its instance, padded to the widest', () => {
    const p = prefixer();
    p.reserveWidth('worker.1'.length);
    expect(plain(p.push('web.1', bytes('one\ntwo\n'), 0))).toBe('web.1    | one\r\nweb.1    | two\r\n');
    expect(plain(p.push('worker.1', bytes('job done\r\n'), 0))).toBe('worker.1 | job done\r\n');
  });

  it('colours the prefix and resets after each line', () => {
    const out = prefixer().push('web.1', bytes('\x1b[31mred\n'), 0);
    expect(out).toBe('\x1b[36mweb.1 |\x1b[0m \x1b[31mred\x1b[0m\r\n');
  });

  it('holds a partial line until its end arrives', () => {
    const p = prefixer();
    expect(p.push('web.1', bytes('hel'), 0)).toBe('');
    expect(p.nextPartialDue).toBe(250);
    expect(plain(p.push('web.1', bytes('lo\n'), 10))).toBe('web.1 | hello\r\n');
    expect(p.nextPartialDue).toBe(null);
  });

  it('shows a partial line that waited too long (a prompt), and prefixes the rest again', () => {
    const p = prefixer();
    p.push('web.1', bytes('> '), 0);
    expect(p.flushStale(100)).toBe('');
    expect(plain(p.flushStale(300))).toBe('web.1 | > \r\n');
    expect(plain(p.push('web.1', bytes('answer\n'), 400))).toBe('web.1 | answer\r\n');
  });

  it('keeps a UTF-8 character split across batches whole', () => {
    const p = prefixer();
    const euro = bytes('€\n');
    expect(p.push('web.1', euro.subarray(0, 2), 0)).toBe('');
    expect(plain(p.push('web.1', euro.subarray(2), 0))).toBe('web.1 | €\r\n');
  });

  it('keeps instances apart', () => {
    const p = prefixer();
    p.push('web.1', bytes('a'), 0);
    p.push('web.2', bytes('b'), 0);
    expect(plain(p.push('web.1', bytes('1\n'), 0))).toBe('web.1 | a1\r\n');
    expect(plain(p.push('web.2', bytes('2\n'), 0))).toBe('web.2 | b2\r\n');
  });

  it('writes a marker after flushing what the instance had pending', () => {
    const p = prefixer();
    p.push('web.1', bytes('half'), 0);
    expect(plain(p.marker('web.1', '… 1 KB skipped'))).toBe('web.1 | half\r\nweb.1 | … 1 KB skipped\r\n');
  });
});

describe('LinePrefixer and the shared line rules', () => {
  it('waits the shared time by default', () => {
    const p = new LinePrefixer(() => '36');
    p.push('web.1', bytes('> '), 1000);
    expect(p.nextPartialDue).toBe(1000 + PARTIAL_LINE_WAIT_MS);
    expect(p.flushStale(1000 + PARTIAL_LINE_WAIT_MS - 1)).toBe('');
    expect(plain(p.flushStale(1000 + PARTIAL_LINE_WAIT_MS))).toBe('web.1 | > \r\n');
  });

  it('shows a partial line at once when its bytes reach the held limit (counted in bytes, not characters)', () => {
    const p = prefixer();
    const euros = '€'.repeat(Math.ceil(MAX_HELD_LINE_BYTES / 3 / 2));
    expect(p.push('web.1', bytes(euros), 0)).toBe('');
    expect(plain(p.push('web.1', bytes(euros), 0))).toBe(`web.1 | ${euros}${euros}\r\n`);
    expect(p.nextPartialDue).toBe(null);
    // A newline in the batch starts the count again from the bytes after it.
    expect(plain(p.push('web.1', bytes(`end\n${'x'.repeat(MAX_HELD_LINE_BYTES - 1)}`), 0))).toBe('web.1 | end\r\n');
    expect(plain(p.push('web.1', bytes('y'), 0))).toBe(`web.1 | ${'x'.repeat(MAX_HELD_LINE_BYTES - 1)}y\r\n`);
  });

  it('strips what would wreck the other lines and keeps colours', () => {
    const out = prefixer().push('web.1', bytes('\x1b]0;title\x07\x1b[2J\x1b[32mok\x1b[0m 10%\r100%\n'), 0);
    expect(out).toBe('\x1b[36mweb.1 |\x1b[0m 100%\x1b[0m\r\n');
    expect(prefixer().push('web.1', bytes('\x1b]0;title\x07\x1b[2J\x1b[32mok\x1b[0m\n'), 0)).toBe(
      '\x1b[36mweb.1 |\x1b[0m \x1b[32mok\x1b[0m\x1b[0m\r\n',
    );
  });
});
