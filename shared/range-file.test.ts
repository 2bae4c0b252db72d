import { describe, expect, it } from 'vitest';
import { rangeFileName, rangeFileText, rangeLineOverhead, selectionFileText } from './range-file';

const at = (ms: number) => new Date(2024, 0, 31, 14, 3, 27, ms).getTime();

describe('rangeFileText', () => {
  it('writes an instance’s lines after their times', () => {
    const lines = [
      { instance: 'web.1', at: at(5), text: 'GET /' },
      { instance: 'web.1', at: at(512), text: '' },
    ] as const;
    expect(rangeFileText(lines, 'web.1')).toBe('14:03:27.005 GET /\n14:03:27.512 \n');
  });

  it('names each line’s instance in the merged view’s, padded as the terminal pads them', () => {
    const lines = [
      { instance: 'web.1', at: at(1), text: 'a' },
      { instance: 'worker.1', at: at(2), text: 'b' },
    ] as const;
    expect(rangeFileText(lines, 'merged')).toBe('14:03:27.001 web.1    | a\n14:03:27.002 worker.1 | b\n');
  });

  it('counts each line’s time, label and newline in the budget', () => {
    expect(rangeLineOverhead('web.1', ['web.1'])).toBe(14);
    expect(rangeLineOverhead('merged', ['web.1', 'worker.1'])).toBe(14 + 8 + 3);
  });
});

describe('selectionFileText', () => {
  it('ends the last line', () => {
    expect(selectionFileText('a\nb')).toBe('a\nb\n');
    expect(selectionFileText('a\n')).toBe('a\n');
  });
});

describe('rangeFileName', () => {
  it('names the view and the moment with safe characters only', () => {
    expect(rangeFileName('web.1', at(0))).toBe('procdeck-web.1-20240131-140327.txt');
    expect(rangeFileName('merged', at(0))).toBe('procdeck-all-output-20240131-140327.txt');
  });
});
