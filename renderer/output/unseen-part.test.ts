import { describe, expect, it } from 'vitest';
import { unseenPart } from './unseen-part';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('unseenPart', () => {
  it.each([
    {
      case: 'a first batch from the start',
      position: null,
      offset: 0,
      expected: { kind: 'first', data: 'abcdef', before: 0 },
    },
    {
      case: 'a first batch the buffer no longer holds the start of',
      position: null,
      offset: 100,
      expected: { kind: 'first', data: 'abcdef', before: 100 },
    },
    { case: 'the next batch', position: 10, offset: 10, expected: { kind: 'next', data: 'abcdef' } },
    {
      case: 'a replay that overlaps what was shown',
      position: 12,
      offset: 10,
      expected: { kind: 'next', data: 'cdef' },
    },
    { case: 'a replay of nothing new', position: 30, offset: 10, expected: { kind: 'next', data: '' } },
    {
      case: 'a batch past a hole',
      position: 4,
      offset: 10,
      expected: { kind: 'after-hole', data: 'abcdef', skipped: 6 },
    },
  ])('$case', ({ position, offset, expected }) => {
    const part = unseenPart(position, offset, bytes('abcdef'));
    expect({ ...part, data: text(part.data) }).toEqual(expected);
  });
});
