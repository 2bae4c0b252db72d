/**
 * The supervisor with real processes, through both spawner adapters.
 */
import { describe, expect, it } from 'vitest';
import type { InstanceStateKind } from '../../shared/model';
import { ADAPTERS, FIXTURES, startFormation } from '../support/formation';
import { descendants, groupMembers, isAlive } from '../support/processes';
import { eventually } from '../support/wait';

const printLines = (n: number) => `node ${FIXTURES}print-lines.mjs ${n}`;

describe.each(ADAPTERS)('the supervisor over the %s adapter', (adapter) => {
  it('gives every instance its PORT and PS', async () => {
    const f = startFormation({
      adapter,
      types: { web: './echo-env.sh', worker: './echo-env.sh' },
      scale: { web: 2, worker: 1 },
    });
    await f.waitForOutput('web.1', 'PORT=5000 PS=web.1');
    await f.waitForOutput('web.2', 'PORT=5001 PS=web.2');
    await f.waitForOutput('worker.1', 'PORT=5100 PS=worker.1');
    expect(f.supervisor.instanceSnapshots().map((i) => [i.id, i.port])).toEqual([
      ['web.1', 5000],
      ['web.2', 5001],
      ['worker.1', 5100],
    ]);
  });

  it('delivers 3 × 100,000 lines complete, once each, in order', async () => {
    const f = startFormation({
      adapter,
      types: { spew: printLines(100_000) },
      scale: { spew: 3 },
      ringBytes: 64 * 1024,
    });
    for (const id of ['spew.1', 'spew.2', 'spew.3'] as const) await f.waitFor(id, 'exited', 30_000);
    for (const id of ['spew.1', 'spew.2', 'spew.3'] as const) {
      const lines = f
        .output(id)
        .split(/\r?\n/)
        .filter((l) => l !== '');
      expect(lines).toHaveLength(100_000);
      lines.forEach((line, i) => {
        if (line !== `${id}:stdout:${i + 1}`) throw new Error(`${id} line ${i + 1} is ${JSON.stringify(line)}`);
      });
    }
  });

  it('kills a child that ignores SIGTERM once the grace period is over', async () => {
    const f = startFormation({ adapter, types: { stubborn: 'exec ./ignore-term.sh' }, graceMs: 700 });
    await f.waitForOutput('stubborn.1', 'stubborn up');
    const pid = (await f.waitFor('stubborn.1', 'ready')).state;
    const started = performance.now();
    await f.supervisor.stop({ scope: 'all' });
    const took = performance.now() - started;
    const state = f.supervisor.runner('stubborn.1')?.current;
    expect(state).toMatchObject({ kind: 'stopped', exit: { kind: 'signal', signal: 'SIGKILL' } });
    expect(took).toBeGreaterThanOrEqual(650);
    expect(took).toBeLessThan(3000);
    if ('pid' in pid) expect(isAlive(pid.pid)).toBe(false);
  });

  it('ends the whole tree of an instance on stop, grandchildren included', async () => {
    const f = startFormation({ adapter, types: { tree: './tree.sh' } });
    await f.waitForOutput('tree.1', 'tree up');
    const { state } = await f.waitFor('tree.1', 'ready');
    if (state.kind !== 'ready') throw new Error('not running');
    await eventually(() => descendants(state.pid).length >= 3, 'the tree to fork', 5000);
    const tree = [state.pid, ...descendants(state.pid).map((e) => e.pid)];
    await f.supervisor.stop({ scope: 'all' });
    expect(tree.filter(isAlive)).toEqual([]);
    expect(groupMembers(state.pid)).toEqual([]);
  });

  it('asked to stop twice, kills at once', async () => {
    const f = startFormation({ adapter, types: { stubborn: 'exec ./ignore-term.sh' }, graceMs: 20_000 });
    await f.waitForOutput('stubborn.1', 'stubborn up');
    const started = performance.now();
    const first = f.supervisor.stop({ scope: 'all' });
    await f.waitFor('stubborn.1', 'stopping');
    await f.supervisor.stop({ scope: 'all' });
    await first;
    expect(performance.now() - started).toBeLessThan(5000);
    expect(f.supervisor.runner('stubborn.1')?.current).toMatchObject({ kind: 'stopped', exit: { signal: 'SIGKILL' } });
  });

  it('scales a type 1 → 3 → 1 while running, stopping the highest-numbered first', async () => {
    const f = startFormation({ adapter, types: { worker: './echo-env.sh' } });
    await f.waitFor('worker.1', 'ready');
    void f.scale('worker', 3);
    const two = await f.waitFor('worker.2', 'ready');
    const three = await f.waitFor('worker.3', 'ready');
    await f.waitForOutput('worker.3', 'PORT=5002 PS=worker.3');
    const pids = [two, three].map((i) => (i.state.kind === 'ready' ? i.state.pid : -1));
    expect(pids.every(isAlive)).toBe(true);
    void f.scale('worker', 1);
    await f.waitForEvent((e) => e.event === 'instance-removed' && e.payload.id === 'worker.3');
    await f.waitForEvent((e) => e.event === 'instance-removed' && e.payload.id === 'worker.2');
    expect(pids.filter(isAlive)).toEqual([]);
    expect(f.supervisor.instanceSnapshots().map((i) => [i.id, i.state.kind])).toEqual([['worker.1', 'ready']]);
    expect(f.supervisor.typeSnapshots()[0]?.scale).toBe(1);
  });

  it('restarts an instance with a new pid on the same port, after the old one is gone', async () => {
    const f = startFormation({ adapter, types: { web: './echo-env.sh' } });
    const before = await f.waitFor('web.1', 'ready');
    const oldPid = before.state.kind === 'ready' ? before.state.pid : -1;
    await f.supervisor.restart({ scope: 'instance', instance: 'web.1' });
    const after = await f.waitFor('web.1', (i) => i.state.kind === 'ready' && i.state.pid !== oldPid);
    expect(after.port).toBe(5000);
    expect(after.restarts).toBe(1);
    expect(isAlive(oldPid)).toBe(false);
  });

  it('records a crash with its exit code and last output', async () => {
    const f = startFormation({ adapter, types: { bad: 'echo first; echo "last words"; exit 3' } });
    const crashed = await f.waitFor('bad.1', 'crashed');
    expect(crashed.state).toMatchObject({ kind: 'crashed', exit: { kind: 'code', code: 3 } });
    expect(crashed.crashes).toHaveLength(1);
    expect(crashed.crashes[0]).toMatchObject({
      instance: 'bad.1',
      exit: { kind: 'code', code: 3 },
      lastLines: ['first', 'last words'],
      run: 1,
    });
    const event = await f.waitForEvent((e) => e.event === 'crash');
    expect(event).toMatchObject({ event: 'crash', payload: { instance: 'bad.1' } });
  });

  it('shows a command that does not exist as failed, with the reason, and does not retry it', async () => {
    const f = startFormation({ adapter, types: { nope: 'definitely-not-a-command-xyz' }, policy: 'restart' });
    const failed = await f.waitFor('nope.1', 'failed', 3000);
    expect(failed.state).toMatchObject({ kind: 'failed', reason: 'command not found (exit 127)' });
    // One spawn, never retried (a starting state may be published again with the readiness probe's answer).
    const spawned = new Set(
      f.events.flatMap((e) =>
        e.event === 'instance' && e.payload.state.kind === 'starting' ? [e.payload.state.pid] : [],
      ),
    );
    expect(spawned.size).toBe(1);
  });

  it('shows a missing working directory as failed with ENOENT, without spawning', async () => {
    const f = startFormation({ adapter, types: { web: 'true' }, cwd: '/nonexistent/procdeck-test' });
    const failed = await f.waitFor('web.1', 'failed', 3000);
    expect(failed.state.kind === 'failed' && failed.state.reason).toMatch(
      /working directory \/nonexistent\/procdeck-test does not exist \(ENOENT\)/,
    );
    expect(f.pids.size).toBe(0);
  });
});

describe('instance states', () => {
  /** The instance's states in order, from the snapshot on, without repeats. */
  const kinds = (f: ReturnType<typeof startFormation>, id: string): InstanceStateKind[] =>
    f.events
      .flatMap((e) =>
        e.event === 'formation'
          ? e.payload.instances.filter((i) => i.id === id).map((i) => i.state.kind)
          : e.event === 'instance' && e.payload.id === id
            ? [e.payload.state.kind]
            : [],
      )
      .filter((k, i, all) => k !== all[i - 1]);

  it('go idle → starting → running → stopping → stopped for a requested stop', async () => {
    const f = startFormation({ adapter: 'pipe', types: { web: './echo-env.sh' }, startWindowMs: 200 });
    await f.waitFor('web.1', 'ready');
    await f.supervisor.stop({ scope: 'all' });
    expect(kinds(f, 'web.1')).toEqual(['idle', 'starting', 'ready', 'stopping', 'stopped']);
  });

  it('go starting → exited for a clean exit under the keep policy', async () => {
    const f = startFormation({ adapter: 'pipe', types: { once: 'true' } });
    await f.waitFor('once.1', 'exited');
    expect(kinds(f, 'once.1')).toEqual(['idle', 'starting', 'exited']);
  });

  it('back off 1×, 2×, 4×, 8×, 16× under the restart policy, then stop in a crash loop', async () => {
    const f = startFormation({
      adapter: 'pipe',
      types: { crash: 'echo boom; exit 1' },
      policy: 'restart',
      backoff: { initialMs: 40, maxMs: 10_000, healthyAfterMs: 60_000, maxFailedStarts: 5 },
    });
    const loop = await f.waitFor('crash.1', 'crash-loop', 10_000);
    expect(loop.state).toMatchObject({ kind: 'crash-loop', failures: 6, exit: { kind: 'code', code: 1 } });
    const backoffs = f.events.flatMap((e) =>
      e.event === 'instance' && e.payload.state.kind === 'backoff' ? [e.payload.state.attempt] : [],
    );
    expect(backoffs).toEqual([1, 2, 3, 4, 5]);
    expect(kinds(f, 'crash.1')).toEqual([
      'idle',
      ...Array.from({ length: 5 }, () => ['starting', 'backoff'] as const).flat(),
      'starting',
      'crash-loop',
    ]);
    expect(loop.crashes).toHaveLength(6);
    expect(loop.restarts).toBe(5);
    expect(f.output('crash.1').match(/boom/g)).toHaveLength(6);
  });

  it('a stop during the backoff wait cancels the pending restart', async () => {
    const f = startFormation({
      adapter: 'pipe',
      types: { crash: 'exit 1' },
      policy: 'restart',
      backoff: { initialMs: 300 },
    });
    await f.waitFor('crash.1', 'backoff');
    await f.supervisor.stop({ scope: 'all' });
    expect(f.supervisor.runner('crash.1')?.current.kind).toBe('stopped');
    const starts = f.events.filter((e) => e.event === 'instance' && e.payload.state.kind === 'starting').length;
    await new Promise((r) => setTimeout(r, 600)); // longer than the cancelled backoff: no new start may come
    expect(f.events.filter((e) => e.event === 'instance' && e.payload.state.kind === 'starting').length).toBe(starts);
  });

  it('stop-all: an exit under the stop-all policy stops the rest and names the cause', async () => {
    const f = startFormation({
      adapter: 'pipe',
      types: { web: './echo-env.sh', once: 'sleep 0.3; exit 4' },
      policy: 'stop-all',
    });
    const event = await f.waitForEvent((e) => e.event === 'stop-all');
    expect(event).toMatchObject({
      event: 'stop-all',
      payload: { instance: 'once.1', exit: { kind: 'code', code: 4 } },
    });
    await f.waitFor('web.1', 'stopped');
    expect(f.events.filter((e) => e.event === 'stop-all')).toHaveLength(1);
  });
});

describe('subscribe', () => {
  it('gives a late subscriber the snapshot and then every change, with nothing lost in between', async () => {
    const f = startFormation({
      adapter: 'pipe',
      types: { crash: 'sleep 0.05; exit 1', web: './echo-env.sh' },
      policy: 'restart',
      backoff: { initialMs: 30, maxFailedStarts: 4 },
    });
    await f.waitFor('crash.1', (i) => i.restarts >= 1);
    const seen = new Map<string, string>();
    f.supervisor.subscribe((e) => {
      if (e.event === 'formation') for (const i of e.payload.instances) seen.set(i.id, JSON.stringify(i.state));
      if (e.event === 'instance') seen.set(e.payload.id, JSON.stringify(e.payload.state));
    });
    await f.waitFor('crash.1', 'crash-loop', 10_000);
    for (const i of f.supervisor.instanceSnapshots()) expect(seen.get(i.id)).toBe(JSON.stringify(i.state));
  });
});
