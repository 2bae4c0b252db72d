import { describe, expect, it } from 'vitest';
import { OutputRing, concatChunks } from './output-ring';
import { lastLines } from './readable-lines';

const bytes = (s: string) => Buffer.from(s);
const text = (chunks: ReturnType<OutputRing['read']>) => Buffer.from(concatChunks(chunks)).toString();

describe('OutputRing', () => {
  it('addresses output by absolute offset', () => {
    const ring = new OutputRing(1024);
    ring.append('stdout', bytes('hello '));
    ring.append('stderr', bytes('world'));
    expect([ring.start, ring.end]).toEqual([0, 11]);
    expect(text(ring.read(3))).toBe('lo world');
    expect(ring.read(6).map((c) => [c.offset, c.stream])).toEqual([[6, 'stderr']]);
  });

  it('drops the oldest chunks beyond its capacity and says where it now starts', () => {
    const ring = new OutputRing(10);
    for (const part of ['aaaa', 'bbbb', 'cccc', 'dddd']) ring.append('pty', bytes(part));
    expect([ring.start, ring.end]).toEqual([8, 16]);
    expect(text(ring.read(0))).toBe('ccccdddd');
  });

  it('keeps only the tail of a chunk larger than the whole ring', () => {
    const ring = new OutputRing(4);
    ring.append('pty', bytes('0123456789'));
    expect([ring.start, ring.end]).toEqual([6, 10]);
    expect(text(ring.read(0))).toBe('6789');
  });

  it('reads at most maxBytes', () => {
    const ring = new OutputRing(100);
    ring.append('pty', bytes('abcdef'));
    ring.append('pty', bytes('ghij'));
    expect(text(ring.read(2, 5))).toBe('cdefg');
  });

  it('finds where a character starts, so replays never begin with half of one', () => {
    const ring = new OutputRing(4);
    ring.append('pty', Buffer.from('ab🚀z')); // 7 bytes: the ring keeps the rocket's last 3 bytes and 'z'
    expect(ring.start).toBe(3);
    expect(ring.characterStart(ring.start)).toBe(6);
    expect(ring.characterStart(6)).toBe(6);
    expect(text(ring.read(ring.characterStart(ring.start)))).toBe('z');
    ring.append('pty', Buffer.from('ö'));
    expect(ring.characterStart(7)).toBe(7);
    expect(ring.characterStart(8)).toBe(9);
  });

  it('copies a small chunk out of a large shared buffer instead of holding the whole buffer', () => {
    const ring = new OutputRing(1024);
    const pool = Buffer.alloc(64 * 1024, 0x61);
    ring.append('pty', pool.subarray(100, 110));
    const held = ring.read(0)[0]?.data;
    expect(held && Buffer.from(held).toString()).toBe('aaaaaaaaaa');
    expect(held?.buffer.byteLength).toBeLessThan(pool.length);
    pool.fill(0x62);
    expect(Buffer.from(concatChunks(ring.read(0))).toString()).toBe('aaaaaaaaaa');
  });

  it('stays bounded over a long stream of small chunks', () => {
    const ring = new OutputRing(1000);
    for (let i = 0; i < 100_000; i++) ring.append('pty', bytes('0123456789'));
    expect(ring.end - ring.start).toBe(1000);
    expect(text(ring.tail(10))).toBe('0123456789');
  });
});

describe('OutputRing arrival times', () => {
  it('keeps when each chunk arrived, also on the part of a chunk a read trims', () => {
    const ring = new OutputRing(100);
    ring.append('pty', bytes('abc'), 1000);
    ring.append('pty', bytes('defg'), 1005);
    expect(ring.read(1).map((c) => [c.offset, c.at, text([c])])).toEqual([
      [1, 1000, 'bc'],
      [3, 1005, 'defg'],
    ]);
  });

  it('keeps the time of a chunk larger than the whole ring', () => {
    const ring = new OutputRing(4);
    ring.append('pty', bytes('0123456789'), 77);
    expect(ring.read(0)).toMatchObject([{ offset: 6, at: 77 }]);
  });

  it('stamps a chunk with the time it is appended when given none', () => {
    const before = Date.now();
    const chunk = new OutputRing(10).append('pty', bytes('x'));
    expect(chunk.at).toBeGreaterThanOrEqual(before);
    expect(chunk.at).toBeLessThanOrEqual(Date.now());
  });
});

describe('lastLines', () => {
  it('returns the last non-empty lines without terminal control', () => {
    const out = bytes('one\n\u001b[31mtwo\u001b[0m\r\n\nthree\n');
    expect(lastLines(out, 2)).toEqual(['two', 'three']);
  });

  it('keeps what a progress bar finally shows', () => {
    expect(lastLines(bytes('10%\r50%\r100%\ndone'), 5)).toEqual(['100%', 'done']);
  });

  it('turns invalid bytes into U+FFFD', () => {
    expect(lastLines(Buffer.from([0x62, 0x88, 0x0a]), 1)).toEqual(['b\ufffd']);
  });

  it('strips OSC sequences (titles, hyperlinks)', () => {
    expect(lastLines(bytes('\u001b]0;title\u0007a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\\n'), 1)).toEqual([
      'alink',
    ]);
  });
});
