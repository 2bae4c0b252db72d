import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import {
  descendantsOf,
  indexTable,
  sharedProcessTable,
  systemProcessTable,
  type ProcessTable,
  type TableScan,
} from './process-table';
import { TreeReaper } from './tree-reaper';
import { inlineProcReads } from './proc-reads';
import { eventually } from '../../../test/support/wait';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

function sleeper(tag: string): number {
  const child = spawn('sleep', ['1000'], {
    env: { PATH: process.env.PATH ?? '', PROCDECK_TAG: tag },
    stdio: 'ignore',
  });
  children.push(child);
  return child.pid as number;
}

describe.each([
  ['the /proc table', () => systemProcessTable()],
  ['the /proc table read in-process', () => systemProcessTable(inlineProcReads())],
  ['the shared table', () => sharedProcessTable(systemProcessTable())],
])('%s', (_name, table) => {
  it('finds processes by their exact tag, never by a tag that merely starts the same', async () => {
    const run = `${process.pid}-${Math.random().toString(36).slice(2)}/`;
    const one = sleeper(`${run}1`);
    const ten = sleeper(`${run}10`);
    // exec replaces the environment /proc shows a moment after the spawn: wait for the tag, not for a time.
    await eventually(
      () => [`${run}1`, `${run}10`].every((tag) => table().findByEnv('PROCDECK_TAG', tag).length > 0),
      'the sleepers to exec',
    );
    expect(table().findByEnv('PROCDECK_TAG', `${run}1`)).toEqual([one]);
    expect(table().findByEnv('PROCDECK_TAG', `${run}10`)).toEqual([ten]);
  });

  it('scans without blocking: entries with start times, and each exact tag found', async () => {
    const run = `${process.pid}-${Math.random().toString(36).slice(2)}/`;
    const one = sleeper(`${run}1`);
    const ten = sleeper(`${run}10`);
    await eventually(
      () => [`${run}1`, `${run}10`].every((tag) => table().findByEnv('PROCDECK_TAG', tag).length > 0),
      'the sleepers to exec',
    );
    const scan = await table().scan(['PROCDECK_TAG']);
    expect(scan.entries.find((e) => e.pid === process.pid)?.startTime).not.toBe('');
    expect(scan.entries.map((e) => e.pid)).toEqual(expect.arrayContaining([one, ten]));
    const tags = scan.env.get('PROCDECK_TAG');
    expect(tags?.get(one)).toBe(`${run}1`);
    expect(tags?.get(ten)).toBe(`${run}10`);
    expect((await table().scan([])).env.size).toBe(0);
  });

  it('lists this process with its parent, group and a start time', () => {
    const self = table().get(process.pid);
    expect(self).toMatchObject({
      pid: process.pid,
      ppid: process.ppid,
      zombie: false,
    });
    expect(self?.startTime).not.toBe('');
  });
});

describe('descendantsOf', () => {
  it('walks the parent tree below a process, not above it', () => {
    const entries = [
      { pid: 1, ppid: 0, pgid: 1, sid: 1, startTime: 'a', zombie: false },
      { pid: 10, ppid: 1, pgid: 10, sid: 10, startTime: 'b', zombie: false },
      { pid: 11, ppid: 10, pgid: 10, sid: 10, startTime: 'c', zombie: false },
      { pid: 12, ppid: 11, pgid: 12, sid: 12, startTime: 'd', zombie: false },
      { pid: 20, ppid: 1, pgid: 20, sid: 20, startTime: 'e', zombie: false },
    ];
    expect(
      descendantsOf(10, entries)
        .map((e) => e.pid)
        .sort(),
    ).toEqual([11, 12]);
  });
});

describe('indexTable', () => {
  const entries = [
    { pid: 1, ppid: 0, pgid: 1, sid: 1, startTime: 'a', zombie: false },
    { pid: 10, ppid: 1, pgid: 10, sid: 10, startTime: 'b', zombie: false },
    { pid: 11, ppid: 10, pgid: 10, sid: 10, startTime: 'c', zombie: false },
    { pid: 12, ppid: 11, pgid: 12, sid: 10, startTime: 'd', zombie: false },
  ];
  const pids = (list: readonly { pid: number }[] | undefined) => (list ?? []).map((e) => e.pid);

  it.each([
    ['children of 10', (i: ReturnType<typeof indexTable>) => pids(i.children.get(10)), [11]],
    ['children of 1', (i: ReturnType<typeof indexTable>) => pids(i.children.get(1)), [10]],
    ['group 10', (i: ReturnType<typeof indexTable>) => pids(i.byGroup.get(10)), [10, 11]],
    [
      'session 10 (a member that made its own group)',
      (i: ReturnType<typeof indexTable>) => pids(i.bySession.get(10)),
      [10, 11, 12],
    ],
    ['pid 12', (i: ReturnType<typeof indexTable>) => pids([i.byPid.get(12)!]), [12]],
  ])('%s', (_, read, expected) => {
    expect(read(indexTable(entries))).toEqual(expected);
  });

  it('is built once per read of the table, and again when the array has grown', () => {
    const list = [...entries];
    const first = indexTable(list);
    expect(indexTable(list)).toBe(first);
    list.push({ pid: 13, ppid: 12, pgid: 12, sid: 10, startTime: 'e', zombie: false });
    expect(pids(indexTable(list).children.get(12))).toEqual([13]);
    expect(
      descendantsOf(10, list)
        .map((e) => e.pid)
        .sort(),
    ).toEqual([11, 12, 13]);
  });
});

/** The system table, with every scan counted (and the variables it was asked for). */
function countingTable(): {
  table: ProcessTable;
  scans: (readonly string[])[];
} {
  const system = systemProcessTable();
  const scans: (readonly string[])[] = [];
  return {
    scans,
    table: {
      list: () => system.list(),
      get: (pid) => system.get(pid),
      findByEnv: (name, value) => system.findByEnv(name, value),
      scan: (names) => {
        scans.push(names);
        return system.scan(names);
      },
    },
  };
}

describe('the shared scan', () => {
  it('is one scan for every caller of one turn, with every variable any of them asked for', async () => {
    const { table, scans } = countingTable();
    const shared = sharedProcessTable(table);
    const results = await Promise.all([shared.scan([]), shared.scan(['A']), shared.scan(['B']), shared.scan([])]);
    expect(scans).toEqual([['A', 'B']]);
    expect(new Set(results).size).toBe(1);
  });

  it('never hands a caller a scan that began before it asked: it queues one more, shared by all who ask meanwhile', async () => {
    const { table, scans } = countingTable();
    const shared = sharedProcessTable(table);
    const first = shared.scan([]);
    while (scans.length === 0) await new Promise((r) => setImmediate(r)); // the first scan has begun
    const second = [shared.scan([]), shared.scan(['A'])];
    const firstResult: TableScan = await first;
    const secondResults = await Promise.all(second);
    expect(scans).toEqual([[], ['A']]);
    expect(secondResults[0]).toBe(secondResults[1]);
    expect(secondResults[0]).not.toBe(firstResult);
  });

  it('a stop of many instances requested in one turn reads the table and the environments once, not once per instance', async () => {
    const { table, scans } = countingTable();
    const shared = sharedProcessTable(table);
    const leaders: number[] = [];
    for (let i = 0; i < 20; i++) {
      const child = spawn('sleep', ['1000'], {
        detached: true,
        stdio: 'ignore',
      });
      children.push(child);
      leaders.push(child.pid as number);
    }
    await new Promise((r) => setTimeout(r, 50));
    const reapers = leaders.map(
      (leader, i) =>
        new TreeReaper({
          leader,
          tag: `no-such-tag-${process.pid}-${i}`,
          signal: 'SIGKILL',
          graceMs: 5000,
          table: shared,
          leaderExited: () => true,
        }),
    );
    const results = await Promise.all(reapers.map((r) => r.done));
    expect(results.every((r) => r.escaped.length === 0 && r.signalled === 1)).toBe(true);
    // The first (full) scan of all 20 reapers is one: the only one that reads the environments.
    expect(scans[0]).toEqual(['PROCDECK_TAG']);
    expect(scans.filter((names) => names.length > 0)).toHaveLength(1);
    for (const leader of leaders) expect(systemProcessTable().get(leader)?.zombie ?? true).toBe(true);
  });
});
