/**
 * Start order with real processes: a dependent starts only once every instance it starts
 * `after` is ready, says what it waits for meanwhile, and a dependency that restarts takes
 * down only the dependents marked `restart: cascade`.
 */
import { describe, expect, it } from 'vitest';
import type { InstanceId, InstanceState } from '../../shared/model';
import type { TestFormation } from '../support/formation';
import { startFormation } from '../support/formation';
import { BASE_PORT, target } from './readiness-fixtures';

/** The states one instance went through, in order. */
function statesOf(f: TestFormation, id: InstanceId): InstanceState[] {
  return f.events.flatMap((e) => (e.event === 'instance' && e.payload.id === id ? [e.payload.state] : []));
}

function pidOfReady(f: TestFormation, id: InstanceId): number {
  const state = f.supervisor.runner(id)?.current;
  if (state?.kind !== 'ready') throw new Error(`${id} is not ready: ${state?.kind}`);
  return state.pid;
}

/** The epoch ms an instance printed after `label` (`listening on 5100 at 1700000000000`). */
function printedAt(f: TestFormation, id: InstanceId, label: RegExp): number {
  const match = new RegExp(`${label.source} at (\\d+)`).exec(f.output(id));
  if (!match?.[1]) throw new Error(`${id} did not print ${label.source}: ${f.output(id)}`);
  return Number(match[1]);
}

describe('start order', () => {
  it('starts web only after db listens, and says meanwhile what web waits for', async () => {
    const base = BASE_PORT();
    const dbPort = base + 100;
    const f = startFormation({
      adapter: 'pipe',
      observeIntervalMs: 200,
      basePort: base,
      types: { web: target('first-line'), db: target('listen', 700) },
      settings: { web: { after: ['db'] } },
    });
    await f.waitForOutput('web.1', 'first line at');
    const db = await f.waitFor('db.1', 'ready');
    expect(db.state.kind === 'ready' && db.state.answer).toBe(`listening on ${dbPort}`);
    // Its first line came after db's listen: the wall clocks of two processes on one machine.
    expect(printedAt(f, 'web.1', /first line/)).toBeGreaterThanOrEqual(printedAt(f, 'db.1', /listening on \d+/));
    const waits = statesOf(f, 'web.1').filter((s) => s.kind === 'waiting');
    expect(waits.map((s) => s.kind === 'waiting' && s.for)).toContainEqual(['db.1']);
    expect(waits.map((s) => s.kind === 'waiting' && s.reason)).toContain(`not listening on ${dbPort} yet`);
    // Held, never spawned while waiting: one start, after db was ready.
    expect(statesOf(f, 'web.1').filter((s) => s.kind === 'starting' && s.answer === undefined)).toHaveLength(1);
  });

  it('shows a dependency scaled to 0 as the reason, and starts once it is scaled up and ready', async () => {
    const f = startFormation({
      adapter: 'pipe',
      observeIntervalMs: 200,
      basePort: BASE_PORT(),
      types: { web: target('first-line'), db: target('listen', 0) },
      scale: { db: 0 },
      settings: { web: { after: ['db'] } },
    });
    const held = await f.waitFor('web.1', 'waiting');
    expect(held.state).toMatchObject({ for: [], reason: 'db has scale 0: nothing to wait for will ever be ready' });
    await f.scale('db', 1);
    await f.waitForOutput('web.1', 'first line at');
    expect(f.supervisor.runner('db.1')?.current.kind).toBe('ready');
  });

  it('shows a dependency that failed to start as the reason', async () => {
    const f = startFormation({
      adapter: 'pipe',
      observeIntervalMs: 200,
      basePort: BASE_PORT(),
      types: { web: target('first-line'), db: 'procdeck-no-such-command' },
      settings: { web: { after: ['db'] } },
    });
    const held = await f.waitFor(
      'web.1',
      (i) => i.state.kind === 'waiting' && i.state.reason.startsWith('db.1 failed to start'),
    );
    expect(held.state).toMatchObject({
      for: ['db.1'],
      reason: 'db.1 failed to start: command not found (exit 127)',
    });
    expect(f.output('web.1')).toBe('');
  });

  it('restarts the cascade dependents of a restarted db, and leaves the independent ones running', async () => {
    const base = BASE_PORT();
    const f = startFormation({
      adapter: 'pipe',
      observeIntervalMs: 200,
      basePort: base,
      startWindowMs: 300,
      types: { db: target('listen', 0), cascading: target('first-line'), independent: target('first-line') },
      settings: {
        cascading: { after: ['db'], restart: 'cascade' },
        independent: { after: ['db'] },
      },
    });
    await Promise.all(['db.1', 'cascading.1', 'independent.1'].map((id) => f.waitFor(id as InstanceId, 'ready')));
    const before = { db: pidOfReady(f, 'db.1'), cascading: pidOfReady(f, 'cascading.1') };
    const independent = pidOfReady(f, 'independent.1');
    const seen = { cascading: statesOf(f, 'cascading.1').length, independent: statesOf(f, 'independent.1').length };

    await f.supervisor.restart({ scope: 'instance', instance: 'db.1' });
    await f.waitFor('db.1', (i) => i.state.kind === 'ready' && i.state.pid !== before.db);
    await f.waitFor('cascading.1', (i) => i.state.kind === 'ready' && i.state.pid !== before.cascading);

    const cascaded = statesOf(f, 'cascading.1').slice(seen.cascading);
    expect(cascaded.map((s) => s.kind)).toEqual(expect.arrayContaining(['stopping', 'stopped', 'waiting', 'starting']));
    expect(cascaded.find((s) => s.kind === 'waiting')).toMatchObject({ for: ['db.1'] });
    // The new run began only when db was ready again.
    const dbReadyAgain = statesOf(f, 'db.1').find((s) => s.kind === 'ready' && s.pid !== before.db);
    const restarted = cascaded.find((s) => s.kind === 'starting');
    if (dbReadyAgain?.kind !== 'ready' || restarted?.kind !== 'starting') throw new Error('no new runs');
    expect(restarted.since).toBeGreaterThanOrEqual(dbReadyAgain.at);

    expect(statesOf(f, 'independent.1').slice(seen.independent)).toEqual([]);
    expect(pidOfReady(f, 'independent.1')).toBe(independent);
  });
});
