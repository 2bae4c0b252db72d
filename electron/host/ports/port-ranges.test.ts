import { describe, expect, it } from 'vitest';
import { nextFreeBase, overlaps, projectRange } from './port-ranges';

describe('projectRange', () => {
  it.each([
    [5000, 1, { from: 5000, to: 5099 }],
    [5000, 3, { from: 5000, to: 5299 }],
    [6100, 2, { from: 6100, to: 6299 }],
    [5000, 0, { from: 5000, to: 5099 }], // a project with no type still claims its base block
  ])('base %i with %i type(s)', (base, types, range) => expect(projectRange(base, types)).toEqual(range));
});

describe('overlaps', () => {
  it.each([
    [{ from: 5000, to: 5099 }, { from: 5000, to: 5099 }, true],
    [{ from: 5000, to: 5299 }, { from: 5200, to: 5299 }, true],
    [{ from: 5000, to: 5099 }, { from: 5100, to: 5199 }, false],
    [{ from: 5100, to: 5199 }, { from: 5000, to: 5099 }, false],
    [{ from: 5000, to: 5999 }, { from: 5500, to: 5500 }, true],
  ])('%o and %o: %s', (a, b, expected) => expect(overlaps(a, b)).toBe(expected));
});

describe('nextFreeBase', () => {
  it.each([
    ['nothing taken', 2, [], 5000],
    ['5000 taken', 2, [{ from: 5000, to: 5199 }], 6000],
    [
      '5000 and 6000 taken',
      1,
      [
        { from: 5000, to: 5099 },
        { from: 6000, to: 6099 },
      ],
      7000,
    ],
    ['a wide project reaching into 6000', 1, [{ from: 5000, to: 6099 }], 7000],
    ['a range between the round bases', 1, [{ from: 5500, to: 5599 }], 5000],
    ['12 types need 1200 ports: 5000 would reach into 6000', 12, [{ from: 6000, to: 6099 }], 7000],
  ])('%s', (_name, types, taken, base) => expect(nextFreeBase(types, taken)).toBe(base));

  it('is null when no base up to 65535 is free', () => {
    expect(nextFreeBase(1, [{ from: 1, to: 65535 }])).toBeNull();
    expect(nextFreeBase(700, [])).toBeNull(); // 70,000 ports do not fit
  });
});
