/**
 * `procdeck start` prints the resources table on demand: SIGUSR2 when stdin is not a
 * terminal, the key r in a terminal (where Ctrl-C still stops everything). Real `procdeck
 * start` children; the table itself is a pure function, tested on its own first.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn as spawnPty } from 'node-pty';
import { afterAll, describe, expect, it } from 'vitest';
import { resourcesTable } from '../../electron/cli/resources-printer';
import { BIN, procdeck, type CliRun } from '../support/cli';
import { eventually } from '../support/wait';

describe('resourcesTable', () => {
  const at = new Date(2026, 11, 2, 6, 58, 1);
  const instance = (id: string, cpuPercent: number, mib: number, processes: number, ports: number[] = []) => ({
    instance: id as `${string}.${number}`,
    sockets: ports.map((port) => ({ address: '127.0.0.1', port, pid: 1 })),
    cpuPercent,
    rssBytes: mib * 1024 ** 2,
    processes,
    at: 0,
    warnings: [],
  });

  it('has a row per instance in order (web.2 before web.10), a total per type of several, and the ports', () => {
    expect(
      resourcesTable(
        {
          instances: [
            instance('web.10', 1.25, 10, 2, [5009]),
            instance('web.2', 50, 100.5, 3, [5001, 5001]),
            instance('worker.1', 0, 2, 1),
          ],
        },
        at,
      ),
    ).toEqual([
      'resources at 06:58:01 (CPU of one core over the last second; memory resident, summed over each process tree)',
      '             CPU     memory  processes  ports',
      'web.2     50.0 %  100.5 MiB          3  5001',
      'web.10     1.3 %   10.0 MiB          2  5009',
      'worker.1   0.0 %    2.0 MiB          1  —',
      'web (2)   51.3 %  110.5 MiB          5',
    ]);
  });

  it('says so when nothing runs', () => {
    expect(resourcesTable({ instances: [] }, at)).toEqual(['resources: no process is running']);
  });
});

describe('procdeck start prints resources on demand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-resources-'));
  writeFileSync(join(dir, 'Procfile'), 'web: sleep 60\n');
  // A free range: nothing listens, but the pre-spawn PORT check must not meet another file's instance.
  const base = String(30_000 + 100 * Math.floor(Math.random() * 200));
  const runs: CliRun[] = [];
  afterAll(async () => {
    for (const run of runs) run.child.kill('SIGKILL');
  });

  const ROW = (id: string) => new RegExp(`${id.replace('.', '\\.')}\\s+\\d+\\.\\d %\\s+\\d+\\.\\d MiB\\s+\\d+\\s+—`);

  it('on SIGUSR2 when stdin is not a terminal', async () => {
    const run = procdeck(['start', '-f', join(dir, 'Procfile'), '-m', 'web=2', '-p', base, '--pipes']);
    runs.push(run);
    await run.waitForStdout(/web\.2 .*(started|ready)/);
    expect(run.stdout()).not.toContain('resources at');
    run.child.kill('SIGUSR2');
    await run.waitForStdout(/resources at [\s\S]*web \(2\)/);
    expect(run.stdout()).toMatch(ROW('web.1'));
    expect(run.stdout()).toMatch(ROW('web.2'));
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('on the key r in a terminal, where Ctrl-C still stops everything', async () => {
    const pty = spawnPty(process.execPath, [BIN, 'start', '-f', join(dir, 'Procfile'), '-m', 'web=1', '-p', base], {
      cols: 140,
      rows: 30,
      env: { ...process.env, NO_COLOR: '1' } as Record<string, string>,
    });
    let out = '';
    pty.onData((d) => (out += d));
    const exited = new Promise<number>((resolve) => pty.onExit(({ exitCode }) => resolve(exitCode)));
    try {
      await eventually(() => /web\.1 .*(started|ready)/.test(out), 'web.1 to start', 15_000);
      pty.write('r');
      await eventually(() => /resources at/.test(out) && ROW('web.1').test(out), 'the table', 15_000);
      pty.write('\x03');
      expect(await exited).toBe(0);
      expect(out).toContain('SIGINT received; stopping all processes');
    } finally {
      pty.kill('SIGKILL');
    }
  });
});
