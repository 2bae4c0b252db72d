/**
 * `procdeck start` as a user runs it: a real process, real children, real signals.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECTS, procdeck, procdeckDone, type CliRun } from '../support/cli';
import { descendants, isAlive, killAll } from '../support/processes';
import { eventually } from '../support/wait';

const runs: CliRun[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) {
    const pid = run.child.pid as number;
    const tree = descendants(pid).map((e) => e.pid);
    if (run.child.exitCode === null && run.child.signalCode === null) {
      run.child.kill('SIGKILL');
      await run.exited;
    }
    killAll(tree);
  }
});

function start(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const run = procdeck(['start', '--no-timestamp', ...args], options);
  runs.push(run);
  return run;
}

function project(procfile: string, env?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-cli-'));
  writeFileSync(join(dir, 'Procfile'), procfile);
  if (env !== undefined) writeFileSync(join(dir, '.env'), env);
  return dir;
}

/** The pids the CLI printed in its "started with pid N" lines. */
function startedPids(run: CliRun): number[] {
  return [...run.stdout().matchAll(/started with pid (\d+)/g)].map((m) => Number(m[1]));
}

describe('procdeck start', () => {
  it('prints each line prefixed with its instance, with PORT, PS and the .env', async () => {
    const run = start(['-d', `${PROJECTS}basic`]);
    await run.waitForStdout(/web\.1\s+\| web PORT=5000 PS=web\.1 GREETING=hello world/);
    await run.waitForStdout(/worker\.1 \| worker up 5100/);
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
  });

  it('on SIGINT stops every process it started and exits 0', async () => {
    const dir = project('tree: sleep 1000 & sleep 1000 & exec sleep 1001\nweb: exec sleep 1002\n');
    const run = start(['-d', dir]);
    await run.waitForStdout('web.1 started');
    await run.waitForStdout('tree.1 started');
    await eventually(() => descendants(run.child.pid as number).length >= 5, 'the tree to start', 5000);
    const members = descendants(run.child.pid as number);
    const tree = members.map((e) => e.pid);
    const lifeline = members.filter((e) => e.command.includes('procdeck-lifeline')).map((e) => e.pid);
    expect(lifeline).toHaveLength(1);
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(run.stdout()).toMatch(/SIGINT received; stopping all processes/);
    // The formation is gone at once; the lifeline watchdog follows within moments.
    expect(tree.filter((pid) => !lifeline.includes(pid)).filter(isAlive)).toEqual([]);
    await eventually(() => tree.filter(isAlive).length === 0, 'the lifeline to exit', 3000);
  });

  it('a second SIGINT kills at once instead of waiting the grace period', async () => {
    const dir = project('stubborn: trap "" TERM; echo up; while true; do sleep 0.05; done\n');
    const run = start(['-d', dir, '-t', '60']);
    await run.waitForStdout('stubborn.1 | up');
    const tree = descendants(run.child.pid as number).map((e) => e.pid);
    const started = performance.now();
    run.child.kill('SIGINT');
    await run.waitForStdout('stopping all processes');
    run.child.kill('SIGINT');
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(run.stdout()).toMatch(/SIGINT received again; killing all processes/);
    await eventually(() => tree.filter(isAlive).length === 0, 'the stubborn tree to die', 3000);
  });

  it('stops the formation when a process exits and returns its exit code (Foreman)', async () => {
    const run = start(['-d', `${PROJECTS}crash`]);
    const { code } = await run.exited;
    expect(code).toBe(3);
    expect(run.stdout()).toMatch(/bad\.1\s+\| about to fail/);
    expect(run.stdout()).toMatch(/bad\.1 crashed: exit code 3/);
    expect(run.stdout()).toMatch(/bad\.1 ended \(exit code 3\); stopping all processes/);
    expect(startedPids(run).filter(isAlive)).toEqual([]);
  });

  it('returns 128 + the signal number when a process was killed by a signal', async () => {
    const dir = project('web: exec sleep 1000\nvictim: kill -KILL $$\n');
    const { code, stdout } = await procdeckDone(['start', '--no-timestamp', '-d', dir]);
    expect(code).toBe(137);
    expect(stdout).toMatch(/victim\.1 crashed: killed by SIGKILL/);
  });

  it('with --can-die, the crash leaves the rest running', async () => {
    const run = start(['-d', `${PROJECTS}crash`, '--can-die', 'bad']);
    await run.waitForStdout('bad.1 crashed');
    expect(run.stdout()).not.toMatch(/stopping all/);
    const web = Number(/web\.1 started with pid (\d+)/.exec(run.stdout())?.[1]);
    expect(isAlive(web)).toBe(true);
    run.child.kill('SIGTERM');
    expect((await run.exited).code).toBe(0);
    expect(isAlive(web)).toBe(false);
  });

  it('with --restart, restarts a crashing type with backoff', async () => {
    const dir = project('flaky: echo attempt; exit 1\n');
    const run = start(['-d', dir, '--restart', 'flaky']);
    await run.waitForStdout(/flaky\.1 exited with code 1; restarting in [01]\.\ds \(attempt 1\)/);
    await run.waitForStdout(/restarting in [12]\.\ds \(attempt 2\)/, 10_000);
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
    expect(run.stdout().match(/flaky\.1 \| attempt/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('with --keep-going, exits when every process has ended, with the last failure', async () => {
    const dir = project('ok: echo fine\nfail: exit 5\n');
    const { code, stdout } = await procdeckDone(['start', '--no-timestamp', '-d', dir, '--keep-going']);
    expect(code).toBe(5);
    expect(stdout).toMatch(/no process is running any more/);
  });

  it('runs only the named types', async () => {
    const run = start(['-d', `${PROJECTS}basic`, 'worker']);
    await run.waitForStdout('worker.1 | worker up 5100');
    expect(run.stdout()).not.toMatch(/web\.1/);
    run.child.kill('SIGINT');
    await run.exited;
  });

  it('applies -m and -p: web=2 gets 6000 and 6001', async () => {
    const run = start(['-d', `${PROJECTS}basic`, '-m', 'web=2', '-p', '6000']);
    await run.waitForStdout(/web\.1\s+\| web PORT=6000 PS=web\.1/);
    await run.waitForStdout(/web\.2\s+\| web PORT=6001 PS=web\.2/);
    expect(run.stdout()).not.toMatch(/worker\.1/);
    run.child.kill('SIGINT');
    await run.exited;
  });

  it('shows a partial line while it is still incomplete, and completes it without duplicating it', async () => {
    // The line stays incomplete until the test says so: what is pinned is the order, not a
    // start-up time (the printer's wait itself is unit-tested in merged-printer.test.ts).
    const dir = project(
      "slow: printf partial; while [ ! -e release ]; do sleep 0.05; done; printf ' done\\n'; exec sleep 1000\n",
    );
    const run = start(['-d', dir, '--pipes']);
    await run.waitForStdout('slow.1 | partial', 10_000);
    expect(run.stdout()).not.toContain('done');
    writeFileSync(join(dir, 'release'), '');
    await run.waitForStdout('slow.1 | partial done\n', 5000);
    expect(run.stdout().match(/partial/g)).toHaveLength(1);
    run.child.kill('SIGINT');
    await run.exited;
  });

  it('prints a final fragment without a newline exactly once', async () => {
    const dir = project("tail: printf 'no-newline-at-exit'\n");
    const { stdout } = await procdeckDone(['start', '--no-timestamp', '-d', dir]);
    expect(stdout.match(/tail\.1 \| no-newline-at-exit\n/g)).toHaveLength(1);
  });
});

describe('procdeck start with bad input', () => {
  it.each([
    [['-d', '/nonexistent/procdeck'], /Procfile: error: Procfile not found/],
    [['-d', `${PROJECTS}duplicate`], /Procfile:3: error: duplicate process type 'web' \(first defined on line 1\)/],
    [['-d', `${PROJECTS}basic`, '-m', 'web=x'], /error: -m: bad formation item 'web=x'/],
    [['-d', `${PROJECTS}basic`, '-m', 'api=1'], /unknown process type 'api' in formation/],
    [['-d', `${PROJECTS}basic`, '-p', '70000'], /-p 70000 is out of range/],
    [['-d', `${PROJECTS}basic`, '--restart', 'nope'], /unknown process type 'nope' in --restart/],
    [['--no-such-flag'], /error: Unknown option '--no-such-flag'/],
  ])('%j is a one-line error and exit 2', async (args, message) => {
    const { code, stderr, stdout } = await procdeckDone(['start', ...args]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });
});
