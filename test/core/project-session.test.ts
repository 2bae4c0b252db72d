/**
 * The project session owns the formation's changes: a slider move, a policy change and a
 * reload each build a new value and reconcile it; nothing goes stale between them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { UnknownProcessError } from '../../electron/core/formation/formation-value';
import { unguarded } from '../../electron/core/lifeline/lifeline';
import { projectFiles } from '../../electron/core/project/load-project';
import { ProjectSession } from '../../electron/core/project/project-session';
import { PipeSpawner } from '../../electron/core/spawner/pipe-spawner';

async function open(procfile: string, overrides?: ConstructorParameters<typeof Map<string, number>>[0]) {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-session-'));
  writeFileSync(join(dir, 'Procfile'), procfile);
  const opened = await ProjectSession.open({
    files: projectFiles({ cwd: dir }),
    settings: { formation: null, processEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
    defaultPolicy: 'keep',
    overrides: { scale: new Map(overrides ?? []), policies: new Map([['worker', 'stop-all']]) },
    graceMs: 2000,
    runtime: { spawner: new PipeSpawner(), guard: unguarded(), cgroups: null },
    watch: false,
  });
  if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
  onTestFinished(async () => {
    await opened.session.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { session: opened.session, dir };
}

const shape = (session: ProjectSession) =>
  session.formation.types.map((t) => `${t.name}=${t.scale}:${t.policy}`).join(' ');

describe('the project session and its formation', () => {
  it('restores saved state over the Procfile, then keeps slider and policy changes across a reload', async () => {
    const { session, dir } = await open('web: exec sleep 1000\nworker: exec sleep 1001\n', [['web', 0]]);
    expect(shape(session)).toBe('web=0:keep worker=1:stop-all');
    await session.setPolicy('worker', 'restart');
    void session.setScale('worker', 0);
    writeFileSync(join(dir, 'Procfile'), 'web: exec sleep 1000\nworker: exec sleep 1001\nclock: exec sleep 1002\n');
    await session.reload();
    expect(shape(session)).toBe('web=0:keep worker=0:restart clock=1:keep');
    // The snapshot the views and the persistence get is the same value.
    expect(
      session
        .snapshot()
        .types.map((t) => `${t.name}=${t.scale}:${t.policy}`)
        .join(' '),
    ).toBe(shape(session));
  });

  it('a change for a type the formation lacks is refused before anything changes', async () => {
    const { session } = await open('web: exec sleep 1000\n', [['web', 0]]);
    expect(() => session.setScale('nope', 2)).toThrow(UnknownProcessError);
    expect(() => session.setPolicy('nope', 'restart')).toThrow(UnknownProcessError);
    expect(shape(session)).toBe('web=0:keep');
  });

  it('restored counts that would push ports past 65535 are an error at open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-session-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'Procfile'), 'web: exec sleep 1000\n');
    writeFileSync(join(dir, '.env'), 'PORT=65500\n');
    const opened = await ProjectSession.open({
      files: projectFiles({ cwd: dir }),
      settings: { formation: null, processEnv: {} },
      defaultPolicy: 'keep',
      overrides: { scale: new Map([['web', 100]]) },
      graceMs: 2000,
      runtime: { spawner: new PipeSpawner(), guard: unguarded(), cgroups: null },
      watch: false,
    });
    expect(opened.ok).toBe(false);
    if (!opened.ok)
      expect(opened.diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/ports would reach 65599/));
  });
});
