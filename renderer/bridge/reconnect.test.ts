import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './reconnect-delay';
import { tokenFromHash } from './page-token';

describe('reconnectDelay', () => {
  it('starts at 250 ms, doubles, and stops at 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(reconnectDelay)).toEqual([250, 500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });
});

describe('tokenFromHash', () => {
  it.each([
    ['#token=abc', 'abc'],
    ['#token=a%2Bb&x=1', 'a+b'],
    ['#x=1&token=t', 't'],
    ['', null],
    ['#', null],
  ])('%s → %s', (hash, token) => {
    expect(tokenFromHash(hash)).toBe(token);
  });
});
