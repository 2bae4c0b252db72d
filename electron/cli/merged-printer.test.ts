import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_HELD_LINE_BYTES, PARTIAL_LINE_WAIT_MS } from '../../shared/line-rules';
import { MergedPrinter, SYSTEM_LINE_WAIT_MS, utf8SafeLength } from './merged-printer';

function printer(
  options: { timestamps?: boolean; color?: boolean; partialFlushMs?: number; maxHeldBytes?: number } = {},
) {
  const written: Buffer[] = [];
  const p = new MergedPrinter({
    write: (b) => written.push(Buffer.from(b)),
    color: options.color ?? false,
    timestamps: options.timestamps ?? false,
    nameWidth: 6,
    ...(options.partialFlushMs !== undefined ? { partialFlushMs: options.partialFlushMs } : {}),
    ...(options.maxHeldBytes !== undefined ? { maxHeldBytes: options.maxHeldBytes } : {}),
  });
  return { p, text: () => Buffer.concat(written).toString() };
}
const b = (s: string) => Buffer.from(s);

afterEach(() => {
  vi.useRealTimers();
});

describe('MergedPrinter', () => {
  it('prefixes every line with the padded instance name', () => {
    const { p, text } = printer();
    p.output('web.1', 0, b('one\ntwo\n'));
    p.output('worker.1', 1, b('three\n'));
    expect(text()).toBe('web.1  | one\nweb.1  | two\nworker.1 | three\n');
  });

  it('turns CRLF from a terminal into LF', () => {
    const { p, text } = printer();
    p.output('web.1', 0, b('a\r\nb\r\n'));
    expect(text()).toBe('web.1  | a\nweb.1  | b\n');
  });

  it('joins a line split across chunks without printing it twice', () => {
    const { p, text } = printer();
    p.output('web.1', 0, b('hel'));
    p.output('web.1', 0, b('lo\nwor'));
    p.output('web.1', 0, b('ld\n'));
    expect(text()).toBe('web.1  | hello\nweb.1  | world\n');
  });

  it('never interleaves two instances inside a line', () => {
    const { p, text } = printer();
    p.output('web.1', 0, b('web-start '));
    p.output('worker.1', 1, b('worker line\n'));
    p.output('web.1', 0, b('web-end\n'));
    expect(text()).toBe('worker.1 | worker line\nweb.1  | web-start web-end\n');
  });

  it('prints a partial line after a short idle, then completes it in place', () => {
    vi.useFakeTimers();
    const { p, text } = printer({ partialFlushMs: 100 });
    p.output('web.1', 0, b('partial'));
    expect(text()).toBe('');
    vi.advanceTimersByTime(100);
    expect(text()).toBe('web.1  | partial');
    p.output('web.1', 0, b(' done\n'));
    expect(text()).toBe('web.1  | partial done\n');
  });

  it('ends an open partial line before another instance prints, and continues it with a prefix', () => {
    vi.useFakeTimers();
    const { p, text } = printer({ partialFlushMs: 100 });
    p.output('web.1', 0, b('partial'));
    vi.advanceTimersByTime(100);
    p.output('worker.1', 1, b('other\n'));
    p.output('web.1', 0, b(' done\n'));
    expect(text()).toBe('web.1  | partial\nworker.1 | other\nweb.1  |  done\n');
  });

  it('holds a partial line by the shared line rules unless told otherwise', () => {
    vi.useFakeTimers();
    const { p, text } = printer();
    p.output('web.1', 0, b('> '));
    vi.advanceTimersByTime(PARTIAL_LINE_WAIT_MS - 1);
    expect(text()).toBe('');
    vi.advanceTimersByTime(1);
    expect(text()).toBe('web.1  | > ');
    p.output('web.1', 0, b('\n'));
    p.output('web.1', 0, b('x'.repeat(MAX_HELD_LINE_BYTES - 1)));
    expect(text()).toBe('web.1  | > \n');
    p.output('web.1', 0, b('y'));
    expect(text()).toBe(`web.1  | > \nweb.1  | ${'x'.repeat(MAX_HELD_LINE_BYTES - 1)}y`);
  });

  it('prints a final fragment without newline exactly once when the output ends', () => {
    const { p, text } = printer();
    p.output('web.1', 0, b('no newline at exit'));
    p.end('web.1');
    p.end('web.1');
    expect(text()).toBe('web.1  | no newline at exit\n');
  });

  it('prints a giant line in bounded pieces without losing a byte', () => {
    const { p, text } = printer({ maxHeldBytes: 1024 });
    const giant = 'x'.repeat(10_000);
    for (let i = 0; i < giant.length; i += 700) p.output('web.1', 0, b(giant.slice(i, i + 700)));
    p.output('web.1', 0, b('\nafter\n'));
    expect(text()).toBe(`web.1  | ${giant}\nweb.1  | after\n`);
  });

  it('never cuts a UTF-8 character when printing a partial line', () => {
    vi.useFakeTimers();
    const { p, text } = printer({ partialFlushMs: 10 });
    const rocket = Buffer.from('Malmö 🚀');
    p.output('web.1', 0, rocket.subarray(0, rocket.length - 2));
    vi.advanceTimersByTime(10);
    p.output('web.1', 0, Buffer.concat([rocket.subarray(rocket.length - 2), b('\n')]));
    expect(text()).toBe('web.1  | Malmö 🚀\n');
    expect(text()).not.toContain('\ufffd');
  });

  it('turns a CRLF split across two chunks into LF', () => {
    const { p, text } = printer();
    p.output('web.1', 0, b('a\r'));
    p.output('web.1', 0, b('\nb\n'));
    expect(text()).toBe('web.1  | a\nweb.1  | b\n');
  });

  it('prints a partial line only after it has been idle for the whole delay, however often it grows', () => {
    vi.useFakeTimers();
    const { p, text } = printer({ partialFlushMs: 100 });
    p.output('web.1', 0, b('a'));
    vi.advanceTimersByTime(60);
    p.output('web.1', 0, b('b'));
    vi.advanceTimersByTime(60);
    expect(text()).toBe('');
    vi.advanceTimersByTime(40);
    expect(text()).toBe('web.1  | ab');
  });

  it('prints the same lines however the output is cut into chunks (CRLF, held starts, long runs)', () => {
    const line = fc.stringMatching(/^[a-z \r]{0,90}$/).map((s) => s.replace(/\r+$/, ''));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(line, fc.boolean()), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (lines, cuts) => {
          const input = Buffer.from(lines.map(([l, crlf]) => `${l}${crlf ? '\r\n' : '\n'}`).join(''));
          const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((x, y) => x - y);
          const { p, text } = printer({ partialFlushMs: 60_000 });
          let from = 0;
          for (const at of [...points, input.length]) {
            if (at > from) p.output('web.1', 0, input.subarray(from, at));
            from = at;
          }
          p.end('web.1');
          expect(text()).toBe(lines.map(([l]) => `web.1  | ${l}\n`).join(''));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('passes UTF-8 and other non-ASCII bytes through unchanged, with and without CRLF', () => {
    const { p, text } = printer({ color: true });
    p.output('web.1', 0, b('Malmö 🚀 naïve\nÅ\u0000\u00ff\n'));
    p.output('web.1', 0, b('日本語\r\n'));
    expect(text()).toBe(
      '\u001b[36mweb.1  | \u001b[0mMalmö 🚀 naïve\n\u001b[36mweb.1  | \u001b[0mÅ\u0000\u00ff\n\u001b[36mweb.1  | \u001b[0m日本語\n',
    );
  });

  it('prefixes every line of a big chunk once, with a timestamp too', () => {
    const { p, text } = printer({ timestamps: true });
    const lines = Array.from({ length: 2000 }, (_, i) => `line ${i}`);
    const input = Buffer.from(lines.map((l) => `${l}\n`).join(''));
    p.output('web.1', 0, input.subarray(0, 5000));
    p.output('web.1', 0, input.subarray(5000));
    const out = text().split('\n').slice(0, -1);
    expect(out).toHaveLength(2000);
    out.forEach((l, i) => expect(l).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d web\\.1  \\| line ${i}$`)));
  });

  it('adds a HH:MM:SS timestamp and colours when asked', () => {
    const { p, text } = printer({ timestamps: true, color: true });
    p.output('web.1', 0, b('x\n'));
    expect(text()).toMatch(/^\u001b\[2m\d\d:\d\d:\d\d \u001b\[0m\u001b\[36mweb\.1 {2}\| \u001b\[0mx\n$/);
  });

  it('prints its own messages as system', () => {
    const { p, text } = printer();
    p.system('web.1 started with pid 1');
    expect(text()).toBe('system | web.1 started with pid 1\n');
  });

  it('lets its own messages wait for an open line to end instead of cutting it in two', () => {
    vi.useFakeTimers();
    const { p, text } = printer({ partialFlushMs: 10 });
    p.output('web.1', 0, b('partial'));
    vi.advanceTimersByTime(10); // now an open line
    p.system('web.1 ready after 1.0 s');
    p.output('web.1', 0, b(' done\nnext\n'));
    expect(text()).toBe('web.1  | partial done\nsystem | web.1 ready after 1.0 s\nweb.1  | next\n');
  });

  it('closes an open line that does not end within the wait for its own messages, then prints them in order', () => {
    vi.useFakeTimers();
    const { p, text } = printer({ partialFlushMs: 10 });
    p.output('web.1', 0, b('Password: '));
    vi.advanceTimersByTime(10);
    p.system('one');
    p.system('two');
    vi.advanceTimersByTime(SYSTEM_LINE_WAIT_MS - 1);
    expect(text()).toBe('web.1  | Password: ');
    vi.advanceTimersByTime(1);
    expect(text()).toBe('web.1  | Password: \nsystem | one\nsystem | two\n');
  });
});

describe('utf8SafeLength', () => {
  it.each([
    ['ascii', [0x61, 0x62], 2],
    ['a complete 2-byte char', [0x61, 0xc3, 0xb6], 3],
    ['a cut 2-byte char', [0x61, 0xc3], 1],
    ['a cut 4-byte char after 2 bytes', [0x61, 0xf0, 0x9f], 1],
    ['a cut 4-byte char after 3 bytes', [0x61, 0xf0, 0x9f, 0x9a], 1],
    ['a complete 4-byte char', [0xf0, 0x9f, 0x9a, 0x80], 4],
  ])('%s', (_what, input, expected) => {
    expect(utf8SafeLength(Uint8Array.from(input))).toBe(expected);
  });
});
