/**
 * Process-tree hygiene: whatever an instance starts is gone when it stops.
 * Scenario numbers follow issue 5.
 */
import { describe, expect, it } from 'vitest';
import { ADAPTERS, FIXTURES, startFormation } from '../support/formation';
import { snapshotTree, survivors } from '../support/orphans';
import { descendants, isAlive, psTable } from '../support/processes';
import { eventually } from '../support/wait';

const running = async (f: ReturnType<typeof startFormation>, id: `${string}.${number}`) => {
  const snap = await f.waitFor(id, 'ready');
  if (snap.state.kind !== 'ready') throw new Error('not running');
  return snap.state.pid;
};

describe.each(ADAPTERS)('tree hygiene over the %s adapter', (adapter) => {
  it('#1 a type whose command forks a tree leaves no orphans after stop', async () => {
    const f = startFormation({
      adapter,
      types: {
        tree: `sleep 1000 & sleep 1000 & node -e "setInterval(()=>{},1e3)"`,
        chain: `node ${FIXTURES}npm-chain.mjs`,
      },
    });
    const roots = [await running(f, 'tree.1'), await running(f, 'chain.1')];
    await f.waitForOutput('chain.1', 'chain up');
    await eventually(() => snapshotTree(roots).length >= 3 + 1 + 3, 'both trees to fork', 5000);
    const before = snapshotTree(roots);
    await f.supervisor.stop({ scope: 'type', type: 'tree' });
    await f.supervisor.stop({ scope: 'type', type: 'chain' });
    expect(survivors(before)).toEqual([]);
  });

  it('#2 a descendant that escapes with setsid is still found and killed, within the grace period', async () => {
    // Durations no other test file (running at the same time) uses: the escapees are found by their arguments.
    const unique = 100_000 + (process.pid % 100_000) * 2;
    const mine = [String(unique), String(unique + 1)] as const;
    const f = startFormation({
      adapter,
      graceMs: 1500,
      types: {
        // One escapes into its own session while its parent lives; one double-forks and is reparented away.
        escape: `setsid sleep ${mine[0]} & (setsid sleep ${mine[1]} &) ; echo escaped; exec sleep 1000`,
      },
    });
    const leader = await running(f, 'escape.1');
    await f.waitForOutput('escape.1', 'escaped');
    let escaped: number[] = [];
    await eventually(
      () => (escaped = findByArgs([`sleep ${mine[0]}`, `sleep ${mine[1]}`])).length === 2,
      'the escapees',
      5000,
    );
    // The double-forked one is no descendant of the leader any more: only its tag finds it.
    const reparented = findByArgs([`sleep ${mine[1]}`])[0] as number;
    expect(descendants(leader).map((d) => d.pid)).not.toContain(reparented);
    const started = performance.now();
    await f.supervisor.stop({ scope: 'all' });
    expect(performance.now() - started).toBeLessThan(1500 + 1000);
    expect(escaped.filter(isAlive)).toEqual([]);
    expect(f.supervisor.runner('escape.1')?.snapshot().escaped).toEqual([]);
  });

  it('#4 20 quick restarts of a server on $PORT: never EADDRINUSE, one instance at the end', async () => {
    const f = startFormation({
      adapter,
      types: { web: `node ${FIXTURES}server.mjs` },
      basePort: 20_000 + Math.floor(Math.random() * 20_000),
    });
    await f.waitForOutput('web.1', 'listening on');
    for (let i = 1; i <= 20; i++) {
      // Each restart hits the new process as soon as it exists, while it is still starting.
      await f.supervisor.restart({ scope: 'instance', instance: 'web.1' });
      await f.waitFor('web.1', (s) => s.restarts === i && (s.state.kind === 'starting' || s.state.kind === 'ready'));
    }
    const final = await f.waitFor('web.1', 'ready');
    // The last process is the one listening: its line is the last of the slot's output.
    await f.waitFor('web.1', () => f.output('web.1').trimEnd().split(/\r?\n/).at(-1) === `listening on ${final.port}`);
    expect(f.output('web.1')).not.toMatch(/EADDRINUSE/);
    expect(final.restarts).toBe(20);
    const pid = final.state.kind === 'ready' ? final.state.pid : -1;
    const servers = [...f.pids].filter(isAlive);
    expect(servers).toEqual([pid]);
  });
});

/** Pids whose command line is exactly one of `args` (to find a test's own fixtures; killing is by pid). */
function findByArgs(args: readonly string[]): number[] {
  return psTable()
    .filter((e) => !e.stat.startsWith('Z') && args.includes(e.command.trim()))
    .map((e) => e.pid);
}

describe('an instance whose leader exits before its descendants (pipe adapter)', () => {
  it('#5 shows exited at once; a grandchild holding stdout is drained for a bounded time, then stopped with a note', async () => {
    const f = startFormation({
      adapter: 'pipe',
      drainMs: 1500,
      types: { holder: `echo hi; (sleep 0.5; echo late; exec sleep 1000) & exit 0` },
    });
    const leader = await f
      .waitFor('holder.1', (i) => 'pid' in i.state)
      .then((i) => ('pid' in i.state ? i.state.pid : -1));
    const tree = snapshotTree([leader]);
    const started = performance.now();
    await f.waitFor('holder.1', 'exited', 5000);
    expect(performance.now() - started).toBeLessThan(1000);
    await f.waitForOutput('holder.1', 'late', 3000);
    await f.waitForEvent(
      (e) =>
        e.event === 'notice' &&
        /exited but left 1 process\(es\) running; stopped them after 1500 ms/.test(e.payload.message),
      5000,
    );
    expect(f.events.some((e) => e.event === 'notice' && /detached/.test(e.payload.message))).toBe(false);
    await f.supervisor.runner('holder.1')?.idle();
    expect(f.output('holder.1')).toBe('hi\nlate\n');
    expect(survivors(tree)).toEqual([]);
  });

  it('#5 a child that closes stdout and stderr but keeps running stays running and can be stopped', async () => {
    const f = startFormation({ adapter: 'pipe', types: { mute: `echo bye; exec >&- 2>&-; exec sleep 1000` } });
    const pid = await running(f, 'mute.1');
    await f.waitForOutput('mute.1', 'bye');
    await new Promise((r) => setTimeout(r, 300)); // the streams have closed by now; the state must not follow them
    expect(f.supervisor.runner('mute.1')?.current.kind).toBe('ready');
    await f.supervisor.stop({ scope: 'all' });
    expect(isAlive(pid)).toBe(false);
    expect(f.supervisor.runner('mute.1')?.current.kind).toBe('stopped');
  });
});

describe.each(ADAPTERS)('a fork burst over the %s adapter', (adapter) => {
  it('#6 200 sleeps started by one child: the supervisor stays responsive and all 201 are gone after stop', async () => {
    const f = startFormation({
      adapter,
      types: {
        burst: `for i in $(seq 200); do sleep 1000 & done; echo forked; wait`,
        tick: `while true; do echo tick; sleep 0.05; done`,
      },
    });
    const leader = await running(f, 'burst.1');
    await f.waitForOutput('burst.1', 'forked', 15_000);
    const tree = snapshotTree([leader]);
    expect(tree.length).toBeGreaterThanOrEqual(201);
    // Responsive: another instance's output keeps arriving while the burst lives.
    const ticks = f.output('tick.1').split('tick').length;
    await f.waitFor('tick.1', () => f.output('tick.1').split('tick').length > ticks + 2, 2000);
    const started = performance.now();
    await f.supervisor.stop({ scope: 'type', type: 'burst' });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(survivors(tree)).toEqual([]);
  });
});
