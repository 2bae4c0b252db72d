/**
 * procdeck.yaml in a running project, with real processes and the real file watch: its
 * settings reach the instances, a live edit restarts only the type it changes, and an
 * invalid edit leaves everything running as it was, saying why at file:line:col.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Diagnostic } from '../../shared/model';
import { pidOf } from '../../shared/instance-state';
import { unguarded } from '../../electron/core/lifeline/lifeline';
import { projectFiles } from '../../electron/core/project/load-project';
import { ProjectSession, type ProjectEvent } from '../../electron/core/project/project-session';
import { PipeSpawner } from '../../electron/core/spawner/pipe-spawner';
import { eventually } from '../support/wait';

// Each instance writes what it was started with to a file of its own, then stays up.
const PROCFILE = [
  'web: echo "$$ mode=$MODE shared=$SHARED" > web.$PS.out; exec sleep 1000',
  'worker: echo "$$ mode=$MODE" > worker.$PS.out; exec sleep 1001',
  `quitter: trap 'echo "got INT" > quitter.out; exit 0' INT; echo up > quitter.up; while :; do sleep 0.05; done`,
  '',
].join('\n');

async function open(sidecar: string | null) {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-sidecar-'));
  writeFileSync(join(dir, 'Procfile'), PROCFILE);
  writeFileSync(join(dir, '.env'), 'SHARED=from-env\nMODE=plain\n');
  if (sidecar !== null) writeFileSync(join(dir, 'procdeck.yaml'), sidecar);
  const opened = await ProjectSession.open({
    files: projectFiles({ cwd: dir }),
    settings: { formation: null, processEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
    defaultPolicy: 'keep',
    graceMs: 3000,
    runtime: { spawner: new PipeSpawner(), guard: unguarded(), cgroups: null },
    watch: true,
    watchDebounceMs: 50,
  });
  if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
  const session = opened.session;
  const diagnostics: (readonly Diagnostic[])[] = [];
  session.subscribe((event: ProjectEvent) => {
    if (event.event === 'diagnostics') diagnostics.push(event.payload);
  });
  onTestFinished(async () => {
    await session.close();
    rmSync(dir, { recursive: true, force: true });
  });
  // A file counts once its line is complete (the shell creates it before echo writes); '' until then.
  const read = (name: string) => {
    const text = existsSync(join(dir, name)) ? readFileSync(join(dir, name), 'utf8') : '';
    return text.endsWith('\n') ? text : '';
  };
  const pid = (id: string) => {
    const instance = session.snapshot().instances.find((i) => i.id === id);
    return instance ? pidOf(instance.state) : null;
  };
  return { session, dir, diagnostics, read, pid };
}

describe('procdeck.yaml in a running project', () => {
  it('gives scale and policy defaults, per-type env over .env, and a live edit restarts only the type it changes', async () => {
    const { session, dir, read, pid, diagnostics } = await open(
      'processes:\n  web:\n    scale: 2\n    policy: restart\n    env: { MODE: web-1 }\n  quitter:\n    scale: 0\n',
    );
    expect(session.formation.types.map((t) => `${t.name}=${t.scale}:${t.policy}`)).toEqual([
      'web=2:restart',
      'worker=1:keep',
      'quitter=0:keep',
    ]);
    session.supervisor.start({ scope: 'all' });
    await eventually(
      () =>
        Boolean(
          read('web.web.1.out') &&
          read('web.web.2.out') &&
          read('worker.worker.1.out') &&
          pid('worker.1') &&
          pid('web.1'),
        ),
      'web and worker to start',
    );
    expect(read('web.web.1.out')).toMatch(/ mode=web-1 shared=from-env\n$/);
    expect(read('worker.worker.1.out')).toMatch(/ mode=plain\n$/);
    const workerPid = pid('worker.1');
    const webPid = pid('web.1');

    writeFileSync(
      join(dir, 'procdeck.yaml'),
      'processes:\n  web:\n    scale: 2\n    env: { MODE: web-2 }\n  quitter:\n    scale: 0\n',
    );
    await eventually(
      () => /mode=web-2/.test(read('web.web.1.out')) && /mode=web-2/.test(read('web.web.2.out')),
      'web to restart with its new env',
    );
    await eventually(() => pid('web.1') !== null && pid('web.1') !== webPid, 'web.1 to run again');
    // Only web restarted: the worker is the very same process, started once.
    expect(pid('worker.1')).toBe(workerPid);
    expect(read('worker.worker.1.out')).toBe(`${workerPid} mode=plain\n`);
    // The user's formation stays: the policy the file no longer names is kept as it was.
    expect(session.formation.types.map((t) => `${t.name}=${t.scale}:${t.policy}`)[0]).toBe('web=2:restart');
    expect(diagnostics.at(-1)).toEqual([]);
  });

  it('an invalid edit leaves everything running as it was and says why, at file:line:col', async () => {
    const { session, dir, read, pid, diagnostics } = await open('processes:\n  quitter:\n    scale: 0\n');
    session.supervisor.start({ scope: 'all' });
    await eventually(
      () => Boolean(read('web.web.1.out') && read('worker.worker.1.out') && pid('worker.1') && pid('web.1')),
      'web and worker to start',
    );
    const before = [pid('web.1'), pid('worker.1')];

    writeFileSync(join(dir, 'procdeck.yaml'), 'processes:\n  web:\n    afer: [worker]\n');
    const said = await eventually(() => diagnostics.find((d) => d.length > 0), 'a diagnostic');
    expect(said).toEqual([
      {
        severity: 'error',
        file: join(dir, 'procdeck.yaml'),
        line: 3,
        column: 5,
        message:
          "unknown key 'afer' in processes.web (did you mean 'after'?); known keys: after, ready, restart, env, scale, policy, stop",
      },
      {
        severity: 'warning',
        file: join(dir, 'procdeck.yaml'),
        line: 0,
        message: 'procdeck.yaml has errors; the formation keeps running as it was',
      },
    ]);
    expect([pid('web.1'), pid('worker.1')]).toEqual(before);
    expect(session.formation.types.map((t) => t.settings.after)).toEqual([[], [], []]);
  });

  it("a type's stop signal and grace reach its instances", async () => {
    const { session, read } = await open('processes:\n  quitter:\n    stop: { signal: SIGINT, grace: 2s }\n');
    expect(session.formation.types.find((t) => t.name === 'quitter')?.settings.stop).toEqual({
      signal: 'SIGINT',
      graceMs: 2000,
    });
    session.supervisor.start({ type: 'quitter', scope: 'type' });
    await eventually(() => read('quitter.up') !== '', 'quitter to start');
    await session.supervisor.stop({ scope: 'all' });
    expect(read('quitter.out')).toBe('got INT\n');
  });
});
