import { describe, expect, it } from 'vitest';
import { editDistance, nearestWord } from './nearest-word';

describe('nearestWord', () => {
  const keys = ['after', 'ready', 'restart', 'env', 'scale', 'policy', 'stop'];
  it.each<[string, string | null]>([
    ['afer', 'after'],
    ['redy', 'ready'],
    ['Scale', 'scale'],
    ['polciy', 'policy'],
    ['envv', 'env'],
    ['database', null],
    ['x', null],
  ])('%s → %s', (word, expected) => {
    expect(nearestWord(word, keys)).toBe(expected);
  });

  it.each<[string, string, number]>([
    ['', 'abc', 3],
    ['port', 'prot', 1],
    ['kitten', 'sitting', 3],
    ['same', 'same', 0],
  ])('editDistance(%s, %s) = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});
