import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { descendantsOf, sharedProcessTable, systemProcessTable } from './process-table';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
});

function sleeper(tag: string): number {
  const child = spawn('sleep', ['1000'], { env: { PATH: process.env.PATH ?? '', PROCDECK_TAG: tag }, stdio: 'ignore' });
  children.push(child);
  return child.pid as number;
}

describe.each([
  ['the /proc table', () => systemProcessTable()],
  ['the shared table', () => sharedProcessTable(systemProcessTable())],
])('%s', (_name, table) => {
  it('finds processes by their exact tag, never by a tag that merely starts the same', async () => {
    const run = `${process.pid}-${Math.random().toString(36).slice(2)}/`;
    const one = sleeper(`${run}1`);
    const ten = sleeper(`${run}10`);
    await new Promise((r) => setTimeout(r, 50)); // let exec replace the environment snapshot
    expect(table().findByEnv('PROCDECK_TAG', `${run}1`)).toEqual([one]);
    expect(table().findByEnv('PROCDECK_TAG', `${run}10`)).toEqual([ten]);
  });

  it('lists this process with its parent, group and a start time', () => {
    const self = table().get(process.pid);
    expect(self).toMatchObject({ pid: process.pid, ppid: process.ppid, zombie: false });
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
    expect(descendantsOf(10, entries).map((e) => e.pid).sort()).toEqual([11, 12]);
  });
});
