import { describe, expect, it } from 'vitest';
import { ViewPositions } from './view-positions';

const enc = (s: string) => new TextEncoder().encode(s);

describe('ViewPositions', () => {
  it('keeps the terminal and the merged view apart', () => {
    const positions = new ViewPositions();
    expect(positions.unseen('web.1', 'terminal', 0, enc('abc')).kind).toBe('first');
    expect(positions.of('web.1', 'terminal')).toBe(3);
    expect(positions.of('web.1', 'merged')).toBe(null);
    expect(positions.mergedBehind('web.1')).toBe(true);
    expect(positions.unseen('web.1', 'merged', 0, enc('abc')).kind).toBe('first');
    expect(positions.mergedBehind('web.1')).toBe(false);
  });

  it.each([
    // position after 'abc' is 3; then a batch at `offset` with `data`
    [0, 'abcdef', 'next', 'def', 6],
    [0, 'ab', 'next', '', 3],
    [3, 'def', 'next', 'def', 6],
    [5, 'fg', 'after-hole', 'fg', 7],
  ] as const)(
    'after abc, a batch at %i of %j is %s %j, and the view is then at %i',
    (offset, data, kind, shown, at) => {
      const positions = new ViewPositions();
      positions.unseen('web.1', 'terminal', 0, enc('abc'));
      const part = positions.unseen('web.1', 'terminal', offset, enc(data));
      expect(part.kind).toBe(kind);
      expect(new TextDecoder().decode(part.data)).toBe(shown);
      expect(positions.of('web.1', 'terminal')).toBe(at);
    },
  );

  it('moves a view past a hole, and forgets an instance', () => {
    const positions = new ViewPositions();
    positions.skipTo('web.1', 'merged', 900);
    expect(positions.of('web.1', 'merged')).toBe(900);
    expect(positions.instances()).toEqual(['web.1']);
    positions.forget('web.1');
    expect(positions.instances()).toEqual([]);
    positions.skipTo('web.2', 'terminal', 1);
    positions.clear();
    expect(positions.of('web.2', 'terminal')).toBe(null);
  });
});
