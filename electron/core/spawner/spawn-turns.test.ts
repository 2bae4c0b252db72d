import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/wait';
import { DEFAULT_TYPE_SETTINGS } from '../formation/type-settings';
import { unguarded } from '../lifeline/lifeline';
import { createRunnerEnvironment } from '../supervisor/runner-environment';
import { Supervisor } from '../supervisor/supervisor';
import { PipeSpawner } from './pipe-spawner';
import { spawnTurns } from './spawn-turns';
import type { Spawner } from './spawner';

/** Counts the event loop's turns: one increment per check phase. */
function turnCounter(): { now: () => number; stop: () => void } {
  let turn = 0;
  let on = true;
  const tick = () => {
    turn++;
    if (on) setImmediate(tick);
  };
  setImmediate(tick);
  return { now: () => turn, stop: () => (on = false) };
}

describe('spawnTurns', () => {
  it('releases callers in their order, each on a turn of its own, however many ask in one turn', async () => {
    const next = spawnTurns();
    const turns = turnCounter();
    const seen: { who: number; turn: number }[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, who) => next().then(() => seen.push({ who, turn: turns.now() }))));
    turns.stop();
    expect(seen.map((s) => s.who)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.turn).toBeGreaterThan(seen[i - 1]!.turn);
  });

  it('starts again after the queue ran empty', async () => {
    const next = spawnTurns();
    await next();
    await next();
    await Promise.all([next(), next()]);
  });
});

describe('a formation', () => {
  it('spawns the instances that start together each on a turn of its own', async () => {
    const turns = turnCounter();
    const spawnedOn: number[] = [];
    const pipes = new PipeSpawner();
    const spawner: Spawner = {
      kind: pipes.kind,
      spawn: (request) => {
        spawnedOn.push(turns.now());
        return pipes.spawn(request);
      },
    };
    const supervisor = new Supervisor(
      {
        cwd: tmpdir(),
        types: [
          { name: 'web', command: 'exec sleep 30', line: 1, scale: 8, policy: 'keep', settings: DEFAULT_TYPE_SETTINGS },
        ],
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        basePort: 20_000 + Math.floor(Math.random() * 20_000),
        stopSignal: 'SIGTERM',
        graceMs: 2000,
      },
      createRunnerEnvironment({ spawner, guard: unguarded(), cgroups: null, observer: null }),
    );
    try {
      supervisor.start({ scope: 'all' });
      await eventually(() => spawnedOn.length === 8, 'eight spawns');
      for (let i = 1; i < spawnedOn.length; i++) expect(spawnedOn[i]).toBeGreaterThan(spawnedOn[i - 1] as number);
    } finally {
      turns.stop();
      await supervisor.dispose();
    }
  });
});
