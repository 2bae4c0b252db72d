/**
 * #34: a descendant that double-forks with setsid and env -i (no group, no session, no
 * parent chain, no tag) is still found and stopped, through the run's cgroup; where no
 * cgroup v2 is writable the host says such processes cannot be tracked.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cgroupTracker, ownCgroupDir } from '../../electron/core/process-tree/instance-cgroup';
import { ADAPTERS, startFormation } from '../support/formation';
import { isAlive, killAll, psTable } from '../support/processes';
import { eventually } from '../support/wait';

const base = ownCgroupDir();
const probe = cgroupTracker(base);
const writable = probe !== null;
probe?.close();

const findEscapee = (marker: string) =>
  psTable()
    .filter((e) => e.command.trim() === `sleep ${marker}`)
    .map((e) => e.pid);

describe.each(ADAPTERS)('#34 over the %s adapter', (adapter) => {
  it.skipIf(!writable)(
    `#34 (setsid env -i sleep &) escapes group, session, parents and tag: the cgroup still finds it and the stop ends it${writable ? '' : ' — skipped: no writable cgroup v2 here'}`,
    async () => {
      const marker = `${1000 + Math.floor(Math.random() * 1000)}.${adapter === 'pty' ? 1 : 2}`;
      const f = startFormation({
        adapter,
        graceMs: 1000,
        types: { daemon: `(setsid env -i sleep ${marker} &) ; echo forked; exec sleep 1000` },
      });
      await f.waitForOutput('daemon.1', 'forked');
      let escapee: number[] = [];
      await eventually(() => (escapee = findEscapee(marker)).length === 1, 'the escapee', 5000);
      try {
        await f.supervisor.stop({ scope: 'all' });
        expect(escapee.filter(isAlive)).toEqual([]);
        expect(f.supervisor.runner('daemon.1')?.snapshot().escaped).toEqual([]);
      } finally {
        killAll(escapee);
      }
      await f.dispose();
      // Its folders are gone with it.
      expect(readdirSync(base as string).filter((n) => n.startsWith(`procdeck-${process.pid}-`))).toEqual([]);
    },
  );
});

describe('#34 without a cgroup', () => {
  it('#34 the host says once that such escapes cannot be tracked', async () => {
    const f = startFormation({ adapter: 'pipe', types: { a: 'exec sleep 1000', b: 'exec sleep 1001' }, cgroups: null });
    await f.waitFor('a.1', 'ready');
    f.supervisor.start({ scope: 'all' });
    const said = f.events.filter(
      (e) => e.event === 'notice' && /cannot be found, and would outlive its stop unreported/.test(e.payload.message),
    );
    expect(said).toHaveLength(process.platform === 'linux' ? 1 : 0);
  });
});
