/**
 * `procdeck export` without `-m` exports the formation the dashboard saved for the
 * project — written by the desktop app's own store, from a real session's sliders — and
 * every type ×1 when there is none (or it cannot be used).
 */
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { savedProjectFile } from '../../electron/core/formation/saved-formation';
import { unguarded } from '../../electron/core/lifeline/lifeline';
import { projectFiles } from '../../electron/core/project/load-project';
import { ProjectSession } from '../../electron/core/project/project-session';
import { PipeSpawner } from '../../electron/core/spawner/pipe-spawner';
import { DesktopStore } from '../../electron/main/persistence/desktop-store';
import { procdeckDone } from '../support/cli';

function scratch(): { root: string; project: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'procdeck-export-saved-')));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const project = join(root, 'shop');
  mkdirSync(project);
  writeFileSync(join(project, 'Procfile'), 'web: exec sleep 1000\nworker: exec sleep 1001\nclock: exec sleep 1002\n');
  return { root, project };
}

/** What the desktop app does on a slider move: the session reconciles, the store saves the snapshot. */
async function dashboardSaves(
  userData: string,
  project: string,
  moves: (session: ProjectSession) => Promise<void>,
): Promise<void> {
  const opened = await ProjectSession.open({
    files: projectFiles({ cwd: project }),
    settings: { formation: null, processEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
    defaultPolicy: 'keep',
    graceMs: 2000,
    runtime: { spawner: new PipeSpawner(), guard: unguarded(), cgroups: null },
    watch: false,
  });
  if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
  try {
    await moves(opened.session);
    const store = new DesktopStore(userData, { delayMs: 1 });
    store.rememberFormation(opened.session.snapshot());
    await store.flush();
  } finally {
    await opened.session.close();
  }
}

const exportCompose = (project: string, out: string, env: NodeJS.ProcessEnv, extra: readonly string[] = []) =>
  procdeckDone(['export', 'compose', out, '-d', project, ...extra], {
    env: { PROCDECK_USER_DATA_DIR: '', XDG_CONFIG_HOME: '', ...env },
  });

describe('procdeck export without -m', () => {
  it('uses the formation the dashboard saved for the project, and says so', async () => {
    const { root, project } = scratch();
    const userData = join(root, 'user-data');
    await dashboardSaves(userData, project, async (session) => {
      void session.setScale('web', 3);
      void session.setScale('clock', 0);
    });
    const result = await exportCompose(project, join(root, 'out'), { PROCDECK_USER_DATA_DIR: userData });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('compose: shop (web=3,worker=1,clock=0)');
    expect(result.stdout).toContain(`formation: as saved by the dashboard (${savedProjectFile(userData, project)})`);
  });

  it('-m overrides the saved formation', async () => {
    const { root, project } = scratch();
    const userData = join(root, 'user-data');
    await dashboardSaves(userData, project, (session) => session.setScale('clock', 0));
    const result = await exportCompose(project, join(root, 'out'), { PROCDECK_USER_DATA_DIR: userData }, [
      '-m',
      'worker=2',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('compose: shop (web=0,worker=2,clock=0)');
    expect(result.stdout).not.toContain('saved by the dashboard');
  });

  it('finds what the packaged app saved under $XDG_CONFIG_HOME/Procdeck, as Electron places its user data', async () => {
    const { root, project } = scratch();
    const config = join(root, 'config');
    await dashboardSaves(join(config, 'Procdeck'), project, (session) => session.setScale('worker', 0));
    const result = await exportCompose(project, join(root, 'out'), {
      XDG_CONFIG_HOME: config,
      HOME: join(root, 'nobody'),
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('compose: shop (web=1,worker=0,clock=1)');
  });

  it('without a saved formation, every type ×1', async () => {
    const { root, project } = scratch();
    const result = await exportCompose(project, join(root, 'out'), { PROCDECK_USER_DATA_DIR: join(root, 'empty') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('compose: shop (web=1,worker=1,clock=1)');
    expect(result.stdout).not.toContain('saved by the dashboard');
  });

  it('a saved file of another folder (copied, or a hash collision) is not used', async () => {
    const { root, project } = scratch();
    const userData = join(root, 'user-data');
    const elsewhere = join(root, 'other');
    mkdirSync(elsewhere);
    writeFileSync(
      join(elsewhere, 'Procfile'),
      'web: exec sleep 1000\nworker: exec sleep 1001\nclock: exec sleep 1002\n',
    );
    await dashboardSaves(userData, elsewhere, (session) => session.setScale('clock', 0));
    mkdirSync(join(userData, 'state', 'projects'), { recursive: true });
    writeFileSync(savedProjectFile(userData, project), readFileSync(savedProjectFile(userData, elsewhere)));
    const result = await exportCompose(project, join(root, 'out'), { PROCDECK_USER_DATA_DIR: userData });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('compose: shop (web=1,worker=1,clock=1)');
  });

  it('a corrupt saved file is reported and left as it is; the export uses every type ×1', async () => {
    const { root, project } = scratch();
    const userData = join(root, 'user-data');
    const file = savedProjectFile(userData, project);
    mkdirSync(join(userData, 'state', 'projects'), { recursive: true });
    const garbage = '{"version":1,"dir":' + JSON.stringify(project) + ',"scale":{"web":"many"}}';
    writeFileSync(file, garbage);
    const result = await exportCompose(project, join(root, 'out'), { PROCDECK_USER_DATA_DIR: userData });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(
      `procdeck: warning: ignoring the dashboard's saved formation ${file}: unexpected content at`,
    );
    expect(result.stdout).toContain('compose: shop (web=1,worker=1,clock=1)');
    expect(readFileSync(file, 'utf8')).toBe(garbage);
  });
});
