import { describe, expect, it } from 'vitest';
import { OutputRing } from './output-ring';
import { heldSince, linesInRange, type RangeBudget } from './timed-lines';

const bytes = (s: string) => new TextEncoder().encode(s);
const budget = (chars = 1_000_000, lines = 1000): RangeBudget => ({ chars, lines, perLine: 0 });

/** A ring holding chunks that arrived at the given times. */
function ring(chunks: readonly [string, number][], capacity = 1024): OutputRing {
  const r = new OutputRing(capacity);
  for (const [text, at] of chunks) r.append('pty', bytes(text), at);
  return r;
}

describe('linesInRange', () => {
  const r = ring([
    ['one\ntw', 100],
    ['o\nthree\n', 200],
    ['four\n', 300],
    ['fi', 400],
  ]);

  it('takes the lines whose first byte arrived in the range, each with that time', () => {
    expect(linesInRange(r, 100, 200, budget())).toEqual({
      lines: [
        { at: 100, text: 'one' },
        { at: 100, text: 'two' },
        { at: 200, text: 'three' },
      ],
      clipped: false,
    });
  });

  it('includes both ends, and a last line still without its end', () => {
    expect(linesInRange(r, 300, 400, budget()).lines).toEqual([
      { at: 300, text: 'four' },
      { at: 400, text: 'fi' },
    ]);
  });

  it('leaves a line out when only its end arrived in the range', () => {
    expect(linesInRange(r, 150, 250, budget()).lines).toEqual([{ at: 200, text: 'three' }]);
  });

  it('saves plain text: what a redraw finally shows, without colours or escape sequences', () => {
    const lines = linesInRange(
      ring([['\x1b[32mok\x1b[0m 10%\r100%\r\n\x1b]0;title\x07\tdone\n', 5]]),
      0,
      10,
      budget(),
    ).lines;
    expect(lines).toEqual([
      { at: 5, text: '100%' },
      { at: 5, text: '\tdone' },
    ]);
  });

  it('stops at the budget and says it was clipped, counting each line’s own cost too', () => {
    const clipped = linesInRange(r, 0, 1000, { chars: 10, lines: 100, perLine: 2 });
    expect(clipped).toEqual({
      lines: [
        { at: 100, text: 'one' },
        { at: 100, text: 'two' },
      ],
      clipped: true,
    });
    expect(linesInRange(r, 0, 1000, budget(1000, 1)).lines).toHaveLength(1);
  });

  it('starts at the oldest byte held, not inside a character', () => {
    const small = ring(
      [
        ['aaaa\n', 1],
        ['é€\nlast\n', 2],
      ],
      9,
    );
    expect(linesInRange(small, 0, 10, budget()).lines).toEqual([
      { at: 2, text: '€' },
      { at: 2, text: 'last' },
    ]);
  });

  it('finds nothing in an empty ring', () => {
    expect(linesInRange(new OutputRing(10), 0, 10, budget())).toEqual({ lines: [], clipped: false });
  });
});

describe('heldSince', () => {
  it('is when the oldest held byte arrived', () => {
    expect(
      heldSince(
        ring(
          [
            ['ab', 7],
            ['cd', 9],
          ],
          4,
        ),
      ),
    ).toBe(7);
    expect(
      heldSince(
        ring(
          [
            ['ab', 7],
            ['cd', 9],
          ],
          3,
        ),
      ),
    ).toBe(9); // the ring drops whole chunks
    expect(heldSince(new OutputRing(3))).toBeNull();
  });
});
