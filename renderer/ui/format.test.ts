import { describe, expect, it } from 'vitest';
import type { InstanceState } from '../../shared/model';
import { pageTitle } from './App';
import { exitSentence } from './CrashPanel';
import { isTrouble, lastExit, pidOf, ticks, uptimeOf } from '../../shared/instance-state';
import { describeState, exitText, formatDuration } from './format';
import { shortPath } from './ProjectBar';
import { sliderMax } from './ScaleSlider';

const NOW = 1_000_000;
const code = (c: number) => ({ kind: 'code', code: c }) as const;

// Every variant of the closed union, with what its row shows.
const table: [InstanceState, string, string | null, number | null, string][] = [
  [{ kind: 'idle' }, 'idle', null, null, '—'],
  [{ kind: 'starting', pid: 7, since: NOW - 200 }, 'starting', null, 7, '—'],
  [{ kind: 'ready', pid: 7, since: NOW - 65_000, at: NOW - 64_000 }, 'ready', null, 7, '—'],
  [
    { kind: 'stopping', pid: 7, since: NOW, deadline: NOW + 4200, escalated: false },
    'stopping',
    'SIGKILL in 5 s',
    7,
    '—',
  ],
  [{ kind: 'stopping', pid: 7, since: NOW, deadline: NOW, escalated: true }, 'stopping', 'SIGKILL sent', 7, '—'],
  [{ kind: 'stopped', at: NOW, exit: { kind: 'signal', signal: 'SIGTERM' } }, 'stopped', null, null, 'SIGTERM'],
  [{ kind: 'exited', at: NOW, exit: code(0), uptimeMs: 1000 }, 'exited', null, null, 'code 0'],
  [{ kind: 'crashed', at: NOW, exit: code(3), uptimeMs: 300 }, 'crashed', null, null, 'code 3'],
  [
    { kind: 'backoff', until: NOW + 2000, attempt: 2, exit: code(1) },
    'backing off',
    'restart in 2 s (attempt 2)',
    null,
    'code 1',
  ],
  [
    { kind: 'crash-loop', at: NOW, failures: 5, exit: code(1) },
    'crash loop',
    '5 failed starts; not restarting',
    null,
    'code 1',
  ],
  [
    { kind: 'failed', at: NOW, reason: 'command not found (exit 127)', exit: code(127) },
    'failed',
    'command not found (exit 127)',
    null,
    'code 127',
  ],
];

describe('describeState', () => {
  it.each(table)('%j', (state, label, detail, pid, exit) => {
    expect(describeState(state, NOW)).toMatchObject({ label, detail });
    expect(pidOf(state)).toBe(pid);
    expect(exitText(lastExit(state))).toBe(exit);
  });

  it('marks the states that need attention and those that change with time', () => {
    expect(table.filter(([s]) => isTrouble(s)).map(([s]) => s.kind)).toEqual([
      'crashed',
      'backoff',
      'crash-loop',
      'failed',
    ]);
    expect(table.filter(([s]) => ticks(s)).map(([s]) => s.kind)).toEqual([
      'starting',
      'ready',
      'stopping',
      'stopping',
      'backoff',
    ]);
  });

  it('gives the uptime of a live instance, and how long a finished run lasted', () => {
    expect(uptimeOf({ kind: 'ready', pid: 1, since: NOW - 5000, at: NOW - 4000 }, NOW)).toBe(5000);
    expect(uptimeOf({ kind: 'crashed', at: NOW, exit: code(3), uptimeMs: 300 }, NOW)).toBe(300);
    expect(uptimeOf({ kind: 'idle' }, NOW)).toBeNull();
  });
});

describe('words', () => {
  it.each([
    [0, '0.0 s'],
    [340, '0.3 s'],
    [9_999, '9.9 s'],
    [12_000, '12 s'],
    [184_000, '3 min 4 s'],
    [7_500_000, '2 h 5 min'],
    [200 * 3_600_000, '8 d 8 h'],
    [-5, '0.0 s'],
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('describes exits, titles, paths and slider ranges', () => {
    expect(exitSentence(code(3))).toBe('exit code 3');
    expect(exitSentence({ kind: 'signal', signal: 'SIGSEGV' })).toBe('killed by SIGSEGV');
    expect(pageTitle('shop', 0)).toBe('shop — Procdeck');
    expect(pageTitle('shop', 2)).toBe('(2 crashed) shop — Procdeck');
    expect(pageTitle(null, 0)).toBe('Procdeck');
    expect(shortPath('/a/b')).toBe('/a/b');
    expect(shortPath(`/${'x'.repeat(100)}/project`, 20)).toBe(`…${'x'.repeat(11)}/project`);
    expect([0, 1, 5, 10, 99].map(sliderMax)).toEqual([10, 10, 10, 15, 100]);
  });
});
