import { describe, expect, it } from 'vitest';
import {
  failureExit,
  isLive,
  isSettled,
  isStoppable,
  isTrouble,
  isUp,
  lastExit,
  pidOf,
  summarize,
  summaryBucket,
  takesInput,
  ticks,
  uptimeOf,
} from './instance-state';
import type { InstanceState, InstanceStateKind } from './model';

const NOW = 1_000_000;
const code = (c: number) => ({ kind: 'code', code: c }) as const;

/** One of every kind; the `satisfies` makes a new kind fail to compile until it is listed here. */
const EXAMPLE = {
  idle: { kind: 'idle' },
  waiting: { kind: 'waiting', for: ['db.1'], since: NOW - 300, reason: 'not listening on 5100 yet' },
  starting: { kind: 'starting', pid: 7, since: NOW - 200 },
  ready: { kind: 'ready', pid: 8, since: NOW - 5000, at: NOW - 4000 },
  stopping: { kind: 'stopping', pid: 9, since: NOW - 100, deadline: NOW + 4000, escalated: false },
  stopped: { kind: 'stopped', at: NOW, exit: { kind: 'signal', signal: 'SIGTERM' } },
  exited: { kind: 'exited', at: NOW, exit: code(0), uptimeMs: 1000 },
  crashed: { kind: 'crashed', at: NOW, exit: code(3), uptimeMs: 300 },
  backoff: { kind: 'backoff', until: NOW + 2000, attempt: 2, exit: code(1) },
  'crash-loop': { kind: 'crash-loop', at: NOW, failures: 5, exit: code(1) },
  failed: { kind: 'failed', at: NOW, reason: 'command not found', exit: null },
} as const satisfies { readonly [K in InstanceStateKind]: Extract<InstanceState, { kind: K }> };

type Row = [
  kind: InstanceStateKind,
  live: boolean,
  trouble: boolean,
  stoppable: boolean,
  input: boolean,
  ticks: boolean,
  up: boolean,
  settled: boolean,
  bucket: string,
];

// Every question for every state: the one table the whole product answers from.
const TABLE: Row[] = [
  ['idle', false, false, false, false, false, false, false, 'stopped'],
  ['waiting', false, false, true, false, true, true, false, 'changing'],
  ['starting', true, false, true, true, true, true, false, 'changing'],
  ['ready', true, false, true, true, true, true, false, 'running'],
  ['stopping', true, false, true, false, true, false, false, 'changing'],
  ['stopped', false, false, false, false, false, false, true, 'stopped'],
  ['exited', false, false, false, false, false, false, true, 'stopped'],
  ['crashed', false, true, false, false, false, false, true, 'crashed'],
  ['backoff', false, true, true, false, true, true, false, 'crashed'],
  ['crash-loop', false, true, false, false, false, false, true, 'crashed'],
  ['failed', false, true, false, false, false, false, true, 'failed'],
];

describe('instance state questions', () => {
  it('the table covers every kind once', () => {
    expect(TABLE.map(([kind]) => kind).sort()).toEqual(Object.keys(EXAMPLE).sort());
  });

  it.each(TABLE)(
    '%s: live %s, trouble %s, stoppable %s, input %s, ticks %s, up %s, settled %s, counted as %s',
    (kind, live, trouble, stoppable, input, tick, up, settled, bucket) => {
      const state: InstanceState = EXAMPLE[kind];
      expect(isLive(state)).toBe(live);
      expect(isTrouble(state)).toBe(trouble);
      expect(isStoppable(state)).toBe(stoppable);
      expect(takesInput(state)).toBe(input);
      expect(ticks(state)).toBe(tick);
      expect(isUp(state)).toBe(up);
      expect(isSettled(state)).toBe(settled);
      expect(summaryBucket(state)).toBe(bucket);
    },
  );

  it.each([
    ['idle', null, null, null, null],
    ['waiting', null, null, null, null],
    ['starting', 7, null, 200, null],
    ['ready', 8, null, 5000, null],
    ['stopping', 9, null, 100, null],
    ['stopped', null, { kind: 'signal', signal: 'SIGTERM' }, null, null],
    ['exited', null, code(0), 1000, null],
    ['crashed', null, code(3), 300, code(3)],
    ['backoff', null, code(1), null, null],
    ['crash-loop', null, code(1), null, null],
    ['failed', null, null, null, 'no-exit'],
  ] as const)('%s: pid %s, last exit %j, uptime %s, failure %j', (kind, pid, exit, uptime, failure) => {
    const state: InstanceState = EXAMPLE[kind];
    expect(pidOf(state)).toBe(pid);
    expect(lastExit(state)).toEqual(exit);
    expect(uptimeOf(state, NOW)).toBe(uptime);
    expect(failureExit(state)).toEqual(failure);
  });

  it('a failed start with an exit fails with that exit', () => {
    expect(failureExit({ kind: 'failed', at: NOW, reason: 'not executable', exit: code(126) })).toEqual(code(126));
  });

  it('summarizes a formation: the trouble count is what the tab title and the dock badge show', () => {
    const summary = summarize(Object.values(EXAMPLE).map((state) => ({ state })));
    expect(summary).toEqual({
      running: 1,
      starting: 3,
      crashed: 3,
      failed: 1,
      stopped: 3,
      trouble: 4,
      live: 3,
      total: 11,
    });
    expect(summary.trouble).toBe(summary.crashed + summary.failed);
  });
});
