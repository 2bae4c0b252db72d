/**
 * Crashes and restarts: backoff, crash loops, start failures, races, monotonic time.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { InstanceId } from '../../shared/model';
import { startFormation, type TestFormation } from '../support/formation';
import { snapshotTree, survivors } from '../support/orphans';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Monotonic times at which the instance entered `kind`. */
function timesOf(f: TestFormation, id: InstanceId, kind: string): number[] {
  return (f as TestFormation & { stamps?: Map<string, number[]> }).stamps?.get(`${id}:${kind}`) ?? [];
}

function stamped(f: TestFormation): TestFormation {
  const stamps = new Map<string, number[]>();
  const last = new Map<string, string>();
  f.supervisor.subscribe((e) => {
    if (e.event !== 'instance') return;
    // When each state was entered: a state published again (starting, with its readiness probe's
    // newest answer) is the same state, not a new entry into it.
    const { state } = e.payload;
    const entry = `${state.kind}:${'pid' in state ? state.pid : ''}`;
    if (last.get(e.payload.id) === entry) return;
    last.set(e.payload.id, entry);
    const key = `${e.payload.id}:${state.kind}`;
    stamps.set(key, [...(stamps.get(key) ?? []), performance.now()]);
  });
  return Object.assign(f, { stamps });
}

function alive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}

describe('restart policy', () => {
  it('#13 a crashing type restarts after ~1, 2, 4, 8 and 16 s, then stays in a crash loop until asked', async () => {
    const f = stamped(
      startFormation({ adapter: 'pipe', types: { crash: 'echo "boom $(date +%s%N)"; exit 1' }, policy: 'restart' }),
    );
    const loop = await f.waitFor('crash.1', 'crash-loop', 45_000);
    const crashes = timesOf(f, 'crash.1', 'backoff');
    const starts = timesOf(f, 'crash.1', 'starting');
    expect(starts).toHaveLength(6);
    const delays = crashes.map((crashedAt, i) => (starts[i + 1] as number) - crashedAt);
    process.stdout.write(`backoff delays: ${delays.map((d) => Math.round(d)).join(', ')} ms\n`);
    [1000, 2000, 4000, 8000, 16_000].forEach((expected, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(expected * 0.95);
      expect(delays[i]).toBeLessThan(expected * 1.15 + 100);
    });
    // Every crash's output is kept, and each crash is recorded.
    expect(f.output('crash.1').match(/boom \d+/g)).toHaveLength(6);
    expect(loop.crashes).toHaveLength(6);
    // No further spawn until asked…
    await new Promise((r) => setTimeout(r, 1500));
    expect(timesOf(f, 'crash.1', 'starting')).toHaveLength(6);
    // …and asked, it runs again, with a fresh schedule.
    f.supervisor.start({ scope: 'instance', instance: 'crash.1' });
    await f.waitFor('crash.1', (i) => i.state.kind === 'backoff' && i.state.attempt === 1, 5000);
  }, 60_000);

  it('#14 a process that ran longer than the healthy window starts its backoff from the beginning again', async () => {
    const f = startFormation({
      adapter: 'pipe',
      types: { late: 'sleep 0.8; exit 1', early: 'exit 1' },
      policy: 'restart',
      backoff: { initialMs: 100, healthyAfterMs: 500, maxFailedStarts: 5 },
    });
    await f.waitFor('late.1', (i) => i.crashes.length >= 3, 10_000);
    await f.waitFor('early.1', 'crash-loop', 10_000);
    const attempts = (id: string) =>
      f.events.flatMap((e) =>
        e.event === 'instance' && e.payload.id === id && e.payload.state.kind === 'backoff'
          ? [e.payload.state.attempt]
          : [],
      );
    expect(attempts('late.1').slice(0, 3)).toEqual([1, 1, 1]);
    expect(attempts('early.1')).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('commands that cannot start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-nostart-'));
  writeFileSync(join(dir, 'not-executable.sh'), '#!/bin/sh\necho never\n', { mode: 0o644 });
  writeFileSync(join(dir, 'a-file'), 'not a directory');

  it.each([
    ['a missing binary', 'no-such-binary-procdeck', dir, 'command not found (exit 127)'],
    [
      'a script that is not executable',
      './not-executable.sh',
      dir,
      'command not executable: permission denied (exit 126)',
    ],
    ['a working directory that does not exist', 'true', join(dir, 'missing'), 'does not exist (ENOENT)'],
    ['a working directory that is a file', 'true', join(dir, 'a-file'), 'is not a directory (ENOTDIR)'],
  ])('#15 %s: a clear error state within 1 s, no restart storm', async (_what, command, cwd, reason) => {
    const f = stamped(startFormation({ adapter: 'pipe', types: { app: command }, cwd, policy: 'restart' }));
    const started = performance.now();
    const failed = await f.waitFor('app.1', 'failed', 1000);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(failed.state.kind === 'failed' && failed.state.reason).toContain(reason);
    await new Promise((r) => setTimeout(r, 1200)); // a restart would have come by now
    expect(timesOf(f, 'app.1', 'starting').length).toBeLessThanOrEqual(1);
    expect(f.supervisor.runner('app.1')?.current.kind).toBe('failed');
  });

  const root = process.getuid?.() === 0;
  it.skipIf(root)(
    `#15 a working directory that is not readable${root ? ' — skipped: running as root, which may enter any directory' : ''}`,
    async () => {
      const locked = mkdtempSync(join(tmpdir(), 'procdeck-locked-'));
      const { chmodSync } = await import('node:fs');
      chmodSync(locked, 0o000);
      const f = startFormation({ adapter: 'pipe', types: { app: 'true' }, cwd: locked, policy: 'restart' });
      const failed = await f.waitFor('app.1', 'failed', 1000);
      expect(failed.state.kind === 'failed' && failed.state.reason).toContain('(EACCES)');
      chmodSync(locked, 0o700);
    },
  );
});

describe('races', () => {
  it('#16 stop during the backoff wait cancels the pending restart', async () => {
    const f = stamped(
      startFormation({ adapter: 'pipe', types: { crash: 'exit 1' }, policy: 'restart', backoff: { initialMs: 400 } }),
    );
    await f.waitFor('crash.1', 'backoff');
    await f.supervisor.stop({ scope: 'all' });
    await new Promise((r) => setTimeout(r, 700));
    expect(timesOf(f, 'crash.1', 'starting')).toHaveLength(1);
    expect(f.supervisor.runner('crash.1')?.current.kind).toBe('stopped');
  });

  it('#16 100 restart requests in 2 s: one process per slot at any time, one at the end, no orphans', async () => {
    const f = startFormation({ adapter: 'pipe', types: { web: 'sleep 1000 & exec sleep 1001' }, scale: { web: 2 } });
    await f.waitFor('web.1', 'ready');
    await f.waitFor('web.2', 'ready');
    const leaders = new Map<string, number>();
    const overlaps: string[] = [];
    f.supervisor.subscribe((e) => {
      if (e.event !== 'instance' || e.payload.state.kind !== 'starting') return;
      const previous = leaders.get(e.payload.id);
      // The same run's starting state again, with its readiness probe's newest answer: not a new start.
      if (previous === e.payload.state.pid) return;
      if (previous !== undefined && alive(previous))
        overlaps.push(`${e.payload.id}: ${e.payload.state.pid} started while ${previous} lived`);
      leaders.set(e.payload.id, e.payload.state.pid);
    });
    const requests: Promise<void>[] = [];
    for (let i = 0; i < 100; i++) {
      requests.push(f.supervisor.restart({ scope: 'instance', instance: i % 2 ? 'web.1' : 'web.2' }));
      if (i % 10 === 9) await new Promise((r) => setTimeout(r, 200));
    }
    await Promise.all(requests);
    const one = await f.waitFor('web.1', 'ready');
    const two = await f.waitFor('web.2', 'ready');
    expect(overlaps).toEqual([]);
    const live = [...f.pids].filter(alive);
    expect(live.sort()).toEqual([one, two].map((i) => (i.state.kind === 'ready' ? i.state.pid : -1)).sort());
    const tree = snapshotTree(live);
    await f.supervisor.stop({ scope: 'all' });
    expect(survivors(tree)).toEqual([]);
  });

  it('#16 restart while stopping, and scale while starting, end consistent', async () => {
    const f = startFormation({
      adapter: 'pipe',
      types: { web: 'exec sleep 1000', stubborn: 'trap "" TERM; while :; do sleep 0.05; done' },
      graceMs: 600,
    });
    await f.waitFor('stubborn.1', 'ready');
    const stopping = f.supervisor.stop({ scope: 'instance', instance: 'stubborn.1' });
    await f.waitFor('stubborn.1', 'stopping');
    void f.supervisor.restart({ scope: 'instance', instance: 'stubborn.1' });
    await stopping;
    await f.waitFor('stubborn.1', (i) => i.state.kind === 'starting' || i.state.kind === 'ready');
    void f.scale('web', 4);
    void f.scale('web', 2);
    await f.waitForEvent((e) => e.event === 'instance-removed' && e.payload.id === 'web.4');
    await f.waitForEvent((e) => e.event === 'instance-removed' && e.payload.id === 'web.3');
    expect(f.supervisor.instanceSnapshots().map((i) => i.id)).toEqual(['web.1', 'web.2', 'stubborn.1']);
    await f.waitFor('web.2', 'ready');
    const tree = snapshotTree([...f.pids].filter(alive));
    await f.supervisor.stop({ scope: 'all' });
    expect(survivors(tree)).toEqual([]);
  });

  it('#16 stop-all during start-up leaves nothing running and nothing behind', async () => {
    const f = startFormation(
      { adapter: 'pty', types: { a: 'sleep 1000 & exec sleep 1001', b: 'exec sleep 1000' }, scale: { a: 3, b: 3 } },
      false,
    );
    f.supervisor.start({ scope: 'all' });
    await f.waitFor('a.1', (i) => i.state.kind !== 'idle');
    await f.supervisor.stop({ scope: 'all' });
    // A spawn that was on its way when the stop came must not happen afterwards.
    await new Promise((r) => setTimeout(r, 300));
    expect(f.supervisor.instanceSnapshots().every((i) => i.state.kind === 'stopped' || i.state.kind === 'idle')).toBe(
      true,
    );
    expect([...f.pids].filter(alive)).toEqual([]);
  });
});

describe('timers', () => {
  it.each([
    ['forward', 3_600_000],
    ['back', -3_600_000],
  ])(
    '#17 backoff runs on monotonic time: a wall clock jumped %s an hour neither fires nor stalls it',
    async (_dir, jump) => {
      const f = stamped(
        startFormation({ adapter: 'pipe', types: { crash: 'exit 1' }, policy: 'restart', backoff: { initialMs: 600 } }),
      );
      await f.waitFor('crash.1', 'backoff');
      const realNow = Date.now.bind(Date);
      vi.spyOn(Date, 'now').mockImplementation(() => realNow() + jump);
      await f.waitFor('crash.1', (i) => i.restarts >= 1, 5000);
      const [crashedAt] = timesOf(f, 'crash.1', 'backoff');
      const [, restartedAt] = timesOf(f, 'crash.1', 'starting');
      const delay = (restartedAt as number) - (crashedAt as number);
      expect(delay).toBeGreaterThanOrEqual(570);
      expect(delay).toBeLessThan(1500);
    },
  );

  it('#17 the stop grace period runs on monotonic time too', async () => {
    const f = startFormation({ adapter: 'pipe', types: { stubborn: 'trap "" TERM; exec sleep 1000' }, graceMs: 500 });
    await f.waitFor('stubborn.1', 'ready');
    const realNow = Date.now.bind(Date);
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 3_600_000);
    const started = performance.now();
    await f.supervisor.stop({ scope: 'all' });
    const took = performance.now() - started;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(2500);
  });
});
