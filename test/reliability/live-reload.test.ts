/**
 * #18: the Procfile and env files edited while the formation runs.
 */
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceSnapshot } from '../../shared/model';
import { unguarded } from '../../electron/core/lifeline/lifeline';
import { projectFiles } from '../../electron/core/project/load-project';
import { ProjectSession, type ProjectEvent } from '../../electron/core/project/project-session';
import { PipeSpawner } from '../../electron/core/spawner/pipe-spawner';
import { procdeck } from '../support/cli';
import { snapshotTree, survivors } from '../support/orphans';
import { isAlive } from '../support/processes';
import { waiter } from '../support/wait';

const sessions: ProjectSession[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
});

async function open(procfile: string, env = '') {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-reload-'));
  writeFileSync(join(dir, 'Procfile'), procfile);
  writeFileSync(join(dir, '.env'), env);
  const opened = await ProjectSession.open({
    files: projectFiles({ cwd: dir, dir }),
    settings: { formation: null, processEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
    defaultPolicy: 'keep',
    graceMs: 2000,
    runtime: { spawner: new PipeSpawner(), guard: unguarded(), startWindowMs: 100 },
    watch: true,
    watchDebounceMs: 150,
  });
  if (!opened.ok) throw new Error(opened.diagnostics.map((d) => d.message).join('; '));
  const session = opened.session;
  sessions.push(session);
  const events: ProjectEvent[] = [];
  const wait = waiter(() => `events: ${events.map((e) => e.event).join(',')}`);
  session.subscribe((e) => {
    events.push(e);
    wait.changed();
  });
  const until = <T>(probe: () => T | undefined, what: string, timeoutMs = 10_000) => wait.until(probe, what, timeoutMs);
  const instance = (id: string) => session.supervisor.runner(id)?.snapshot();
  const running = (id: string) =>
    until(() => {
      const i = instance(id);
      return i?.state.kind === 'ready' ? i.state.pid : undefined;
    }, `${id} running`);
  const notice = (pattern: RegExp) =>
    until(() => events.find((e) => e.event === 'notice' && pattern.test(e.payload.message)), `a notice ${pattern}`);
  const diagnostic = (pattern: RegExp) =>
    until(
      () => events.find((e) => e.event === 'diagnostics' && e.payload.some((d) => pattern.test(d.message))),
      `a diagnostic ${pattern}`,
    );
  session.supervisor.start({ scope: 'all' });
  return {
    dir,
    session,
    events,
    until,
    instance,
    running,
    notice,
    diagnostic,
    write: (text: string) => writeFileSync(join(dir, 'Procfile'), text),
  };
}

const pidOf = (i: InstanceSnapshot | undefined) => (i && 'pid' in i.state ? i.state.pid : -1);

describe('#18 live Procfile and .env changes', () => {
  it('#18 an edited command restarts only that type', async () => {
    const p = await open('web: exec sleep 1000\nworker: exec sleep 1001\n');
    const web = await p.running('web.1');
    const worker = await p.running('worker.1');
    p.write('web: exec sleep 1000\nworker: exec sleep 1002\n');
    await p.notice(/process type 'worker' command changed; restarting it/);
    const newWorker = await p.until(
      () =>
        pidOf(p.instance('worker.1')) !== worker && p.instance('worker.1')?.state.kind === 'ready' ? true : undefined,
      'the new worker',
    );
    expect(newWorker).toBe(true);
    expect(isAlive(worker)).toBe(false);
    expect(pidOf(p.instance('web.1'))).toBe(web);
    expect(p.session.snapshot().types.find((t) => t.name === 'worker')?.command).toBe('exec sleep 1002');
  });

  it('#18 an added type appears and starts; a removed type stops with no orphans', async () => {
    const p = await open('web: exec sleep 1000\nworker: sleep 1000 & exec sleep 1001\n');
    await p.running('web.1');
    const worker = await p.running('worker.1');
    const tree = snapshotTree([worker]);
    p.write('web: exec sleep 1000\nclock: exec sleep 1003\n');
    await p.notice(/process type 'clock' was added to the Procfile \(1 instance\(s\)\)/);
    await p.notice(/process type 'worker' was removed from the Procfile; stopping it/);
    await p.running('clock.1');
    await p.until(
      () => p.events.find((e) => e.event === 'instance-removed' && e.payload.id === 'worker.1'),
      'worker.1 removed',
    );
    expect(survivors(tree)).toEqual([]);
    expect(p.session.snapshot().types.map((t) => [t.name, t.basePort])).toEqual([
      ['web', 5000],
      ['clock', 5100],
    ]);
  });

  it('#18 a parse error keeps the last good formation running and names the line', async () => {
    const p = await open('web: exec sleep 1000\n');
    const web = await p.running('web.1');
    p.write('web: exec sleep 1000\nweb: exec sleep 2000\n');
    await p.diagnostic(/duplicate process type 'web' \(first defined on line 1\)/);
    const last = p.events.filter((e) => e.event === 'diagnostics').at(-1);
    expect(last?.event === 'diagnostics' && last.payload.map((d) => [d.severity, d.line])).toEqual([
      ['error', 2],
      ['warning', 0],
    ]);
    expect(last?.event === 'diagnostics' && last.payload[1]?.message).toMatch(/the last good formation keeps running/);
    expect(pidOf(p.instance('web.1'))).toBe(web);
    // Fixed again: the error goes away.
    p.write('web: exec sleep 1000\n');
    await p.until(() => (p.session.snapshot().diagnostics.length === 0 ? true : undefined), 'the error to clear');
  });

  it('#18 a deleted Procfile keeps everything running, with a warning', async () => {
    const p = await open('web: exec sleep 1000\n');
    const web = await p.running('web.1');
    rmSync(join(p.dir, 'Procfile'));
    await p.diagnostic(/the Procfile was deleted; the formation keeps running as it was/);
    expect(pidOf(p.instance('web.1'))).toBe(web);
    expect(isAlive(web)).toBe(true);
  });

  it('#18 an atomic replace (mv tmp Procfile) is applied', async () => {
    const p = await open('web: exec sleep 1000\n');
    await p.running('web.1');
    writeFileSync(join(p.dir, 'Procfile.tmp'), 'web: exec sleep 1000\napi: exec sleep 1004\n');
    renameSync(join(p.dir, 'Procfile.tmp'), join(p.dir, 'Procfile'));
    await p.running('api.1');
  });

  it('#18 a half-written file is waited for, not applied', async () => {
    const p = await open('web: exec sleep 1000\nworker: exec sleep 1001\n');
    await p.running('web.1');
    const worker = await p.running('worker.1');
    const full = 'web: exec sleep 1000\nworker: exec sleep 1001\nclock: exec sleep 1005\n';
    p.write(full.slice(0, 30)); // "web: exec sleep 1000\nworker: e"
    await p.diagnostic(/looks half-written/);
    expect(pidOf(p.instance('worker.1'))).toBe(worker);
    await new Promise((r) => setTimeout(r, 500));
    p.write(full);
    await p.running('clock.1');
    expect(pidOf(p.instance('worker.1'))).toBe(worker);
  });

  it('#18 a Procfile saved without a final line break still applies once it has settled', async () => {
    const p = await open('web: exec sleep 1000\n');
    await p.running('web.1');
    p.write('web: exec sleep 1000\napi: exec sleep 1009');
    await p.diagnostic(/looks half-written/);
    await p.running('api.1');
  });

  it('#18 an edited .env is reported and applies from the next restart', async () => {
    const p = await open('web: echo "V=$V"; exec sleep 1000\n', 'V=one\n');
    await p.running('web.1');
    writeFileSync(join(p.dir, '.env'), 'V=two\n');
    await p.notice(/the environment changed; it applies to each instance from its next \(re\)start/);
    await p.session.supervisor.restart({ scope: 'instance', instance: 'web.1' });
    await p.running('web.1');
    const text = () =>
      Buffer.from(
        p.session.supervisor
          .runner('web.1')
          ?.ring.read(0)
          .map((c) => Buffer.from(c.data))
          .reduce((a, b) => Buffer.concat([a, b]), Buffer.alloc(0)) ?? [],
      ).toString();
    await p.until(() => (text().includes('V=two') ? true : undefined), 'the new value');
    expect(text()).toContain('V=one');
  });

  it('#18 the CLI says what changed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-reload-cli-'));
    writeFileSync(join(dir, 'Procfile'), 'web: exec sleep 1000\n');
    const run = procdeck(['start', '--no-timestamp', '-d', dir]);
    try {
      await run.waitForStdout('web.1 started');
      writeFileSync(join(dir, 'Procfile'), 'web: exec sleep 1001\nclock: exec sleep 1002\n');
      await run.waitForStdout(/process type 'clock' was added to the Procfile/);
      await run.waitForStdout(/process type 'web' command changed; restarting it/);
      writeFileSync(join(dir, 'Procfile'), 'web: exec sleep 1001\nclock exec sleep 1002\n');
      await run.waitForStderr(/Procfile:2: warning: not a "name: command" entry/);
    } finally {
      run.child.kill('SIGINT');
      await run.exited;
    }
  });
});
