import { describe, expect, it } from 'vitest';
import { ARRIVAL_STAMP_WIDTH, ArrivalWalk, arrivalsOf, formatArrival, validArrivals } from './arrival-times';

const chunk = (offset: number, length: number, at: number) => ({ offset, at, data: { byteLength: length } });

describe('arrivalsOf', () => {
  it('marks each chunk whose time differs from the one before, and no empty chunk', () => {
    expect(arrivalsOf([chunk(10, 4, 1), chunk(14, 2, 1), chunk(16, 0, 5), chunk(16, 3, 2), chunk(19, 1, 2)])).toEqual([
      10, 1, 16, 2,
    ]);
  });

  it('marks nothing for no bytes', () => {
    expect(arrivalsOf([])).toEqual([]);
  });
});

describe('ArrivalWalk', () => {
  it('gives each offset the time of the last mark at or before it', () => {
    const walk = new ArrivalWalk([100, 1, 104, 2, 110, 3]);
    expect([100, 103, 104, 109, 110, 5000].map((offset) => walk.at(offset))).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('is NaN without marks', () => {
    expect(new ArrivalWalk([]).at(0)).toBeNaN();
  });
});

describe('validArrivals', () => {
  it.each([
    ['one mark at the offset', [5, 1], 5, 3, true],
    ['marks inside the batch, ascending', [5, 1, 6, 1, 7, 2], 5, 3, true],
    ['none for an empty batch', [], 5, 0, true],
    ['none for bytes', [], 5, 3, false],
    ['a mark for no bytes', [5, 1], 5, 0, false],
    ['a first mark elsewhere', [6, 1], 5, 3, false],
    ['a mark past the end', [5, 1, 8, 2], 5, 3, false],
    ['two marks at one offset', [5, 1, 5, 2], 5, 3, false],
    ['half a pair', [5, 1, 6], 5, 3, false],
    ['a negative time', [5, -1], 5, 3, false],
    ['an infinite time', [5, Infinity], 5, 3, false],
  ] as const)('%s: %s', (_what, arrivals, offset, length, valid) => {
    expect(validArrivals(arrivals, offset, length)).toBe(valid);
  });
});

describe('formatArrival', () => {
  it('writes local HH:MM:SS.mmm and a space', () => {
    const at = new Date(2024, 0, 31, 9, 5, 7, 42).getTime();
    expect(formatArrival(at)).toBe('09:05:07.042 ');
    expect(formatArrival(at)).toHaveLength(ARRIVAL_STAMP_WIDTH);
  });

  it('writes blanks of the same width for an unknown time', () => {
    expect(formatArrival(Number.NaN)).toBe(' '.repeat(ARRIVAL_STAMP_WIDTH));
  });
});
