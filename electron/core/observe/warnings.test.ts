import { describe, expect, it } from 'vitest';
import { ignoredPortWarning, memoryGrowthWarning } from './warnings';

const MiB = 1024 * 1024;
const at = (port: number, address = '127.0.0.1') => ({ address, port, pid: 7 });

describe('ignoredPortWarning', () => {
  it.each([
    ['listens on nothing', [], null],
    ['listens on its PORT', [at(5000)], null],
    ['listens on its PORT and another', [at(5000), at(9229)], null],
    ['listens elsewhere', [at(3000)], 'web.1 ignores $PORT=5000 and listens on 3000'],
    [
      'listens elsewhere twice',
      [at(3001, '::'), at(3000), at(3001)],
      'web.1 ignores $PORT=5000 and listens on 3000, 3001',
    ],
  ])('%s', (_what, sockets, expected) => {
    expect(ignoredPortWarning('web.1', 5000, sockets)).toBe(expected);
  });
});

describe('memoryGrowthWarning', () => {
  it.each([
    ['no baseline yet', 900 * MiB, null, null],
    ['grown 3x', 300 * MiB, 100 * MiB, null],
    ['grown 4x', 400 * MiB, 100 * MiB, "web.1's memory grew to 400 MiB, 4.0× its first minute's 100 MiB"],
    ['grown 10x but tiny', 40 * MiB, 4 * MiB, null],
    ['shrunk', 50 * MiB, 100 * MiB, null],
  ])('%s', (_what, rss, baseline, expected) => {
    expect(memoryGrowthWarning('web.1', rss, baseline)).toBe(expected);
  });
});
