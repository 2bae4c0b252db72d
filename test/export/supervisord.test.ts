/**
 * A real supervisord (Debian's, under /usr/bin/python3) runs the export on a private unix
 * socket: every instance writes its environment to a file, and every value, PORT and PS
 * match what Procdeck computes. `supervisorctl shutdown` then leaves no process behind,
 * checked by pid and process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshotTree, survivors, type TreeMember } from '../support/orphans';
import { killAll } from '../support/processes';
import { eventually } from '../support/wait';
import { INSTANCES, exportFixture, expectedEnv, filesIn, fixtureCopy, read, run } from './export-fixture';
import { engineMissing } from './engines';

const PYTHON = '/usr/bin/python3';
let daemon: ChildProcess | null = null;
let tree: TreeMember[] = [];

afterEach(() => {
  // Only if a test failed half-way: end exactly what this test started.
  killAll(tree.map((m) => m.pid));
  if (daemon?.pid !== undefined && daemon.exitCode === null) killAll([daemon.pid]);
  daemon = null;
  tree = [];
});

function mainConf(root: string): string {
  return [
    '[unix_http_server]',
    `file=${root}/supervisor.sock`,
    'chmod=0700',
    '[supervisord]',
    'nodaemon=true',
    `logfile=${root}/supervisord.log`,
    `pidfile=${root}/supervisord.pid`,
    `childlogdir=${root}/log`,
    '[rpcinterface:supervisor]',
    'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
    '[supervisorctl]',
    `serverurl=unix://${root}/supervisor.sock`,
    '[include]',
    `files=${root}/conf/*.conf`,
    '',
  ].join('\n');
}

/** `env -0` output as a map. */
function readEnvDump(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readFileSync(path, 'utf8').split('\0').slice(0, -1)) {
    const eq = entry.indexOf('=');
    out[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return out;
}

const missing = engineMissing('supervisord');

describe.skipIf(missing !== null)(missing ? `supervisord export — ${missing}` : 'supervisord export', () => {
  it('runs under a real supervisord with every value, PORT and PS intact, and shuts down clean', async () => {
    const { root, project } = fixtureCopy();
    const conf = join(root, 'conf');
    mkdirSync(join(root, 'log'));
    const stdout = await exportFixture('supervisord', project, conf, ['-l', join(root, 'log')]);
    expect(filesIn(conf)).toEqual(['fixture.conf', 'fixture.env']);
    // The values environment= cannot carry are named, not silently altered.
    expect(stdout).toMatch(/BOTH_QUOTES, ENDS_IN_QUOTE, PERCENT, SEMICOLON, MULTILINE: through fixture.env/);
    expect(read(conf, 'fixture.conf')).toMatch(/stopasgroup=true\nkillasgroup=true/);
    const main = join(root, 'supervisord.conf');
    writeFileSync(main, mainConf(root));

    // Its own process group, so the check below can tell its group from the test runner's.
    daemon = spawn(PYTHON, ['/usr/bin/supervisord', '-n', '-c', main], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let daemonOutput = '';
    daemon.stdout?.on('data', (d: Buffer) => (daemonOutput += d.toString()));
    daemon.stderr?.on('data', (d: Buffer) => (daemonOutput += d.toString()));
    const exited = new Promise<number | null>((resolve) => daemon?.on('exit', (code) => resolve(code)));
    const ctl = (...args: string[]) =>
      run(PYTHON, ['/usr/bin/supervisorctl', '-c', main, ...args]).catch((e: { stdout?: string }) => ({
        stdout: e.stdout ?? '',
      }));

    const dumps = INSTANCES.map(([id]) => join(project, 'out', `${id}.env`));
    // supervisord has no event to wait on from outside: ask it, as an operator would.
    const deadline = Date.now() + 20_000;
    for (;;) {
      const status = (await ctl('status')).stdout;
      const running = status.split('\n').filter((l) => /\bRUNNING\b/.test(l)).length;
      if (running === INSTANCES.length && dumps.every((p) => existsSync(p) && readFileSync(p, 'utf8').includes('PS=')))
        break;
      if (Date.now() > deadline || daemon.exitCode !== null)
        throw new Error(`not all programs ran: ${status}\n${daemonOutput}`);
      await new Promise((r) => setTimeout(r, 200));
    }

    const env = await expectedEnv();
    for (const [id, port] of INSTANCES) {
      const got = readEnvDump(join(project, 'out', `${id}.env`));
      for (const [key, value] of Object.entries(env)) expect(got[key], `${id} ${key}`).toBe(value);
      expect(got.PORT).toBe(String(port));
      expect(got.PS).toBe(id);
    }

    // Every process of the formation, by pid and group: supervisord, each /bin/sh, and
    // clock_1's background sleep (a grandchild only stopasgroup/killasgroup reach).
    tree = snapshotTree([daemon.pid as number]);
    const pids = (await ctl('pid', 'all')).stdout
      .split('\n')
      .filter((l) => /^\d+$/.test(l))
      .map(Number);
    expect(pids).toHaveLength(INSTANCES.length);
    expect(tree.length).toBeGreaterThan(1 + INSTANCES.length);
    const groups = new Set(pids.map((pid) => tree.find((m) => m.pid === pid)?.pgid));
    expect(groups.size).toBe(INSTANCES.length);

    await ctl('shutdown');
    expect(await exited).toBe(0);
    await eventually(() => survivors(tree).length === 0, 'every process of the formation to be gone', 10_000).catch(
      () => undefined,
    );
    expect(survivors(tree)).toEqual([]);
  });
});
