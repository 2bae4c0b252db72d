import { describe, expect, it } from 'vitest';
import { parsePs } from './darwin-ps';
import { treesOf } from './darwin-source';

/**
 * `ps -A -o pid=,ppid=,stat=,rss=,time=,lstart=` as macOS prints it under LC_ALL=C: laid out
 * from the widths and formats in Apple's ps/print.c and keyword.c (pid 5, stat 4 left, rss 6,
 * time 9 as `%3ld:%02ld.%02ld`, lstart 28 left), not captured on a Mac (none here).
 */
const RECORDED_PS = [
  '    1     0 Ss    13296   2:41.07 Mon Mar  4 09:00:01 2024    ',
  '  412     1 Ss     9120   0:03.55 Mon Mar  4 09:00:12 2024    ',
  ' 1803   412 S      2048   0:00.02 Tue Mar  5 14:22:09 2024    ',
  ' 1804  1803 S+    84512 125:07.91 Tue Mar  5 14:22:10 2024    ',
  ' 1805  1804 Z         0   0:00.00 Tue Mar  5 14:22:11 2024    ',
  ' 1806  1804 R     30720   0:01.50 Tue Mar  5 14:22:11 2024    ',
  ' 2210     1 Ss     5632   0:00.40 Wed Mar  6 08:05:44 2024    ',
  '',
].join('\n');

describe('parsePs (macOS ps output)', () => {
  it('reads pid, parent, zombie state, resident KiB, CPU in hundredths and the start time of each row', () => {
    const parsed = parsePs(RECORDED_PS);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.processes).toHaveLength(7);
    expect(parsed.processes[3]).toEqual({
      pid: 1804,
      ppid: 1803,
      startTime: 'Tue Mar  5 14:22:10 2024',
      zombie: false,
      cpuTicks: (125 * 60 + 7) * 100 + 91,
      rssBytes: 84512 * 1024,
    });
    expect(parsed.processes[4]).toMatchObject({ pid: 1805, zombie: true });
  });

  it('skips a row that does not read and keeps the rest', () => {
    const parsed = parsePs(`  7     1 S  oops\n${RECORDED_PS}`);
    expect(parsed.ok && parsed.processes.length).toBe(7);
  });

  it.each([
    ['binary noise', '\u0000\u0001garbage\n'],
    ["Linux procps' time format", '  7     1 S   1024 00:00:01 Mon Mar  4 09:00:01 2024\n'],
    ['a start time in another locale', '  7     1 S   1024   0:00.01 lun.  4 mars 09:00:01 2024\n'],
    ['a header line only', '  PID  PPID STAT    RSS      TIME STARTED\n'],
  ])('fails on %s, naming the first line', (_name, text) => {
    expect(parsePs(text)).toMatchObject({ ok: false, line: 1 });
  });

  it('reads no output as no processes (not a failure)', () => {
    expect(parsePs('')).toEqual({ ok: true, processes: [] });
  });
});

describe('treesOf (the watched trees in one ps table)', () => {
  const table = (() => {
    const parsed = parsePs(RECORDED_PS);
    if (!parsed.ok) throw new Error('recorded ps output did not parse');
    return parsed.processes;
  })();

  it('gives each root its live descendants, the root first, zombies left out', () => {
    const { trees, members } = treesOf([1803], table);
    expect(trees.get(1803)?.processes.map((p) => p.pid)).toEqual([1803, 1804, 1806]);
    expect([...members]).toEqual([
      [1803, 1803],
      [1804, 1803],
      [1806, 1803],
    ]);
  });

  it('counts a watched root below another root in its own tree only', () => {
    const { trees } = treesOf([412, 1804], table);
    expect(trees.get(412)?.processes.map((p) => p.pid)).toEqual([412, 1803]);
    expect(trees.get(1804)?.processes.map((p) => p.pid)).toEqual([1804, 1806]);
  });

  it('gives a root that is gone, or a zombie, no processes', () => {
    const { trees, members } = treesOf([99999, 1805], table);
    expect(trees.get(99999)?.processes).toEqual([]);
    expect(trees.get(1805)?.processes).toEqual([]);
    expect(members.size).toBe(0);
  });
});
