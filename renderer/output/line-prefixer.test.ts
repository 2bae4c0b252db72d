import { describe, expect, it } from 'vitest';
import type { InstanceId } from '../../shared/model';
import { LinePrefixer } from './line-prefixer';
import { sanitizeLine } from './sanitize-line';

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
    expect(p.hasPartial).toBe(true);
    expect(plain(p.push('web.1', bytes('lo\n'), 10))).toBe('web.1 | hello\r\n');
    expect(p.hasPartial).toBe(false);
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

describe('sanitizeLine', () => {
  it.each([
    ['plain text', 'plain text'],
    ['keeps \x1b[1;32mcolours\x1b[0m', 'keeps \x1b[1;32mcolours\x1b[0m'],
    ['drops \x1b[2Jclears and \x1b[10;5Hmoves', 'drops clears and moves'],
    ['drops \x1b]0;evil title\x07titles', 'drops titles'],
    ['drops \x1b]52;c;ZXZpbA==\x07clipboard writes', 'drops clipboard writes'],
    ['drops \x1b]8;;https://x.example\x07links\x1b]8;;\x07', 'drops links'],
    ['10%\r50%\r100%', '100%'],
    ['line end\r', 'line end'],
    ['bell\x07 and backspace\x08', 'bell and backspace'],
    ['tab\tstays', 'tab\tstays'],
    ['a cut-off escape \x1b[3', 'a cut-off escape '],
  ])('%j', (input, output) => {
    expect(sanitizeLine(input)).toBe(output);
  });
});
