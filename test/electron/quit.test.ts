/**
 * Quitting and closing stop formations — real processes, checked in the OS process table:
 * gracefully first, with visible progress (the instances still stopping, the SIGKILL
 * deadline), and at once on a second request.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ShutdownProgress } from '../../shared/contract';
import type { InstanceSnapshot } from '../../shared/model';
import { groupMembers, isAlive } from '../support/processes';
import { createHarness, fixture, until, type FakeWindow, type Harness } from './fakes';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function running(_harness: Harness, win: FakeWindow, count: number): Promise<InstanceSnapshot[]> {
  await until(
    () => latestInstances(win).filter((i) => i.state.kind === 'ready').length === count,
    10_000,
    `${count} running instances`,
  );
  return latestInstances(win);
}

/** The instances as the page would know them, folded from the events it got. */
function latestInstances(win: FakeWindow): InstanceSnapshot[] {
  const map = new Map<string, InstanceSnapshot>();
  for (const message of win.contents.sent) {
    if (message.event === 'snapshot') {
      map.clear();
      for (const i of message.payload?.instances ?? []) map.set(i.id, i);
    } else if (message.event === 'instance') map.set(message.payload.id, message.payload);
    else if (message.event === 'instance-removed') map.delete(message.payload.id);
  }
  return [...map.values()];
}

const pids = (instances: InstanceSnapshot[]) => instances.flatMap((i) => ('pid' in i.state ? [i.state.pid] : []));

function shutdownEvents(win: FakeWindow): ShutdownProgress[] {
  return win.contents.sent.flatMap((m) =>
    m.event === 'shell' && m.payload.kind === 'shutdown' ? [m.payload.progress] : [],
  );
}

async function openAndLoad(harness: Harness, name: string): Promise<FakeWindow> {
  await harness.shell.openProject({ dir: fixture(name) });
  const win = harness.windowOf(fixture(name));
  win.webContents.load();
  return win;
}

describe('quitting', () => {
  it('asks, stops every formation gracefully with progress, and exits only when every process is gone', async () => {
    h = createHarness();
    const a = await openAndLoad(h, 'formation');
    const b = await openAndLoad(h, 'crasher');
    const before = [...pids(await running(h, a, 2)), ...pids((await running(h, b, 1)).filter((i) => i.type === 'web'))];
    expect(before).toHaveLength(3);
    for (const pid of before) expect(isAlive(pid)).toBe(true);

    await h.shell.requestQuit();

    expect(h.dialogs.confirms).toEqual(['Quit Procdeck?']);
    expect(h.quits).toHaveLength(1);
    for (const pid of before) {
      expect(isAlive(pid), `pid ${pid}`).toBe(false);
      expect(groupMembers(pid), `group ${pid}`).toEqual([]);
    }
    const progress = shutdownEvents(a);
    expect(progress[0]).toMatchObject({ reason: 'quit', phase: 'stopping', forced: false });
    expect(progress.at(-1)).toMatchObject({ reason: 'quit', phase: 'done', stopping: [] });
    expect(a.titles.some((t) => /^Stopping .*web\.1/.test(t))).toBe(true);
    expect(h.shell.quitter.mayQuit).toBe(true);
    // app.quit() now closes the windows: nothing holds them any more, and the app exits.
    await Promise.all([a.closed(), b.closed()]);
    expect(h.app.exited).toBe(true);
  });

  it('kills at once on a second request, long before the grace period ends', async () => {
    h = createHarness({ graceMs: 30_000 });
    const win = await openAndLoad(h, 'stubborn');
    const [pid] = pids(await running(h, win, 1));
    const started = Date.now();
    const first = h.shell.requestQuit({ confirm: false });
    await until(
      () => shutdownEvents(win).some((p) => p.stopping.some((s) => s.id === 'stubborn.1')),
      5000,
      'progress naming stubborn.1',
    );
    const stopping = shutdownEvents(win).find((p) => p.stopping.length > 0);
    expect(stopping?.killAt).toBeGreaterThan(started + 25_000);
    expect(win.titles.at(-1)).toMatch(/Stopping stubborn\.1 — SIGKILL in \d+ s \(quit again to kill now\)/);
    expect(isAlive(pid!)).toBe(true);

    await h.shell.requestQuit();
    await first;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isAlive(pid!)).toBe(false);
    expect(shutdownEvents(win).some((p) => p.forced)).toBe(true);
    expect(h.quits).toHaveLength(1);
  });

  it('does nothing when the user cancels', async () => {
    h = createHarness();
    const win = await openAndLoad(h, 'formation');
    const before = pids(await running(h, win, 2));
    h.dialogs.confirmAnswer = false;
    await h.shell.requestQuit();
    expect(h.quits).toEqual([]);
    expect(h.shell.quitter.state).toBe('idle');
    for (const pid of before) expect(isAlive(pid)).toBe(true);
  });

  it('does not ask when nothing runs', async () => {
    h = createHarness();
    h.shell.openWelcome();
    await h.shell.requestQuit();
    expect(h.dialogs.confirms).toEqual([]);
    expect(h.quits).toHaveLength(1);
  });
});

describe('closing a project window', () => {
  it('asks, stops that formation, then closes; other projects keep running', async () => {
    h = createHarness();
    const a = await openAndLoad(h, 'formation');
    const b = await openAndLoad(h, 'crasher');
    const aPids = pids(await running(h, a, 2));
    const bPids = pids((await running(h, b, 1)).filter((i) => i.type === 'web'));

    a.close();
    expect(a.isDestroyed()).toBe(false);
    await until(() => a.isDestroyed(), 10_000, 'the window to close');
    expect(h.dialogs.confirms).toEqual(['Close formation?']);
    for (const pid of aPids) expect(isAlive(pid)).toBe(false);
    for (const pid of bPids) expect(isAlive(pid)).toBe(true);
    expect(shutdownEvents(a).at(-1)).toMatchObject({ reason: 'close', phase: 'done' });
    expect(h.shell.all()).toHaveLength(1);
  });

  it('kills at once when closed again while stopping', async () => {
    h = createHarness({ graceMs: 30_000 });
    const win = await openAndLoad(h, 'stubborn');
    const [pid] = pids(await running(h, win, 1));
    const started = Date.now();
    win.close();
    await until(() => shutdownEvents(win).some((p) => p.stopping.length > 0), 5000, 'the stop to begin');
    expect(win.titles.at(-1)).toMatch(/close again to kill now/);
    win.close();
    await until(() => win.isDestroyed(), 10_000, 'the window to close');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(isAlive(pid!)).toBe(false);
  });

  it('stays open when the user cancels', async () => {
    h = createHarness();
    const win = await openAndLoad(h, 'formation');
    const before = pids(await running(h, win, 2));
    h.dialogs.confirmAnswer = false;
    win.close();
    await until(() => h!.dialogs.confirms.length === 1);
    await new Promise((r) => setImmediate(r));
    expect(win.isDestroyed()).toBe(false);
    for (const pid of before) expect(isAlive(pid)).toBe(true);
  });
});
