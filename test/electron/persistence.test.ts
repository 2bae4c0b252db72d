/**
 * What the desktop app remembers: recent projects, and per project the Procfile, the
 * formation, the exit policies and the window bounds — round-tripped through the real
 * store on disk, and surviving a writer killed mid-write.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstanceSnapshot } from '../../shared/model';
import { DesktopStore } from '../../electron/main/persistence/desktop-store';
import { MAX_RECENT_PROJECTS } from '../../electron/main/persistence/recent-projects';
import { createHarness, fixture, until, type FakeWindow, type Harness } from './fakes';

const temps: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-store-'));
  temps.push(dir);
  return dir;
};
const harnesses: Harness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.dispose()));
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function harness(appData: string): Harness {
  const h = createHarness({ appData });
  harnesses.push(h);
  return h;
}

function instances(win: FakeWindow): InstanceSnapshot[] {
  const map = new Map<string, InstanceSnapshot>();
  for (const m of win.webContents.sent) {
    if (m.event === 'snapshot') {
      map.clear();
      for (const i of m.payload?.instances ?? []) map.set(i.id, i);
    } else if (m.event === 'instance') map.set(m.payload.id, m.payload);
    else if (m.event === 'instance-removed') map.delete(m.payload.id);
  }
  return [...map.values()];
}

describe('recent projects', () => {
  it('round-trip through the disk, most recent first, one entry per folder, capped', async () => {
    const appData = tempDir();
    const store = new DesktopStore(appData, { delayMs: 1 });
    for (let i = 0; i < MAX_RECENT_PROJECTS + 3; i++) store.addRecent(`/projects/p${i}`, 1000 + i);
    store.addRecent('/projects/p5', 5000);
    await store.flush();
    const again = new DesktopStore(appData).recentProjects();
    expect(again).toHaveLength(MAX_RECENT_PROJECTS);
    expect(again[0]).toEqual({ dir: '/projects/p5', name: 'p5', openedAt: 5000 });
    expect(again.filter((p) => p.dir === '/projects/p5')).toHaveLength(1);
    expect(again[1]?.dir).toBe(`/projects/p${MAX_RECENT_PROJECTS + 2}`);
  });

  it('are what the welcome screen gets from app.recentProjects, after a project opens', async () => {
    const appData = tempDir();
    const h = harness(appData);
    await h.shell.openProject({ dir: fixture('formation') });
    const welcome = h.shell.openWelcome()!;
    const fake = h.windows.find((w) => w === welcome.window)!;
    const answer = (await h.call(fake, 'app.recentProjects', {})) as { ok: boolean; value: { dir: string }[] };
    expect(answer.value.map((p) => p.dir)).toEqual([fixture('formation')]);
    expect(h.menus.at(-1)?.find((m) => m.label === 'File')).toBeDefined();
  });
});

describe('a project’s formation', () => {
  it('is restored when the project opens again: Procfile, slider counts, exit policies, window bounds', async () => {
    const appData = tempDir();
    const dir = fixture('variants');
    const first = harness(appData);
    await first.shell.openProject({ dir });
    let win = first.windowOf(dir);
    win.webContents.load();
    expect(
      (await first.call(win, 'project.selectProcfile', { procfile: 'Procfile.dev' })) as { ok: boolean },
    ).toMatchObject({ ok: true });
    await first.call(win, 'type.scale', { type: 'assets', count: 3 });
    await first.call(win, 'type.setPolicy', { type: 'web', policy: 'restart' });
    (win.options as { x: number }).x = 77;
    win.emit('move');
    // Closing saves the bounds at once; the store writes on flush.
    win.close();
    await until(() => win.isDestroyed(), 10_000, 'the window to close');
    await first.platform.store.flush();
    await first.dispose();
    harnesses.splice(harnesses.indexOf(first), 1);

    const saved = JSON.parse(
      readFileSync(join(appData, 'state', 'projects', readdirSync(join(appData, 'state', 'projects'))[0]!), 'utf8'),
    );
    expect(saved).toMatchObject({
      version: 1,
      dir,
      procfile: 'Procfile.dev',
      scale: { web: 1, assets: 3 },
      policies: { web: 'restart' },
    });
    expect(saved.bounds).toMatchObject({ x: 77, width: 1280, height: 800, maximized: false });

    const second = harness(appData);
    await second.shell.openProject({ dir });
    win = second.windowOf(dir);
    expect(win.options.x).toBe(77);
    win.webContents.load();
    await until(
      () => instances(win).filter((i) => i.type === 'assets' && i.state.kind === 'ready').length === 3,
      10_000,
      '3 assets running',
    );
    const snapshot = (await second.call(win, 'project.snapshot', {})) as {
      value: { procfile: string; types: { name: string; policy: string }[] };
    };
    expect(snapshot.value.procfile).toBe(join(dir, 'Procfile.dev'));
    expect(snapshot.value.types.find((t) => t.name === 'web')?.policy).toBe('restart');
  });

  it('ignores a saved file that belongs to another folder (hash collision, copied file)', async () => {
    const appData = tempDir();
    const store = new DesktopStore(appData, { delayMs: 1 });
    store.rememberBounds('/a', { x: 1, y: 2, width: 900, height: 600, maximized: false });
    await store.flush();
    const [file] = readdirSync(join(appData, 'state', 'projects'));
    const content = JSON.parse(readFileSync(join(appData, 'state', 'projects', file!), 'utf8'));
    writeFileSync(join(appData, 'state', 'projects', file!), JSON.stringify({ ...content, dir: '/b' }));
    expect(new DesktopStore(appData).project('/a')).toBeNull();
  });
});

describe('settings', () => {
  it('round-trip (crash notifications off, do not ask before stopping)', async () => {
    const appData = tempDir();
    const store = new DesktopStore(appData, { delayMs: 1 });
    expect(store.settings()).toEqual({ notifications: true, confirmStop: true });
    store.updateSettings({ notifications: false });
    store.updateSettings({ confirmStop: false });
    await store.flush();
    expect(new DesktopStore(appData).settings()).toEqual({ notifications: false, confirmStop: false });
  });
});

describe('a torn or corrupt file', () => {
  it.each([
    ['half a JSON document', '{"version":1,"projects":[{"dir":"/a","na'],
    ['the wrong shape', '{"version":1,"projects":"nope"}'],
    ['a newer version', '{"version":2,"projects":[]}'],
    ['binary garbage', '\u0000\u0001\u0002'],
    ['an empty file', ''],
  ])('(%s) is set aside and the app starts with defaults', (_what, content) => {
    const appData = tempDir();
    mkdirSync(join(appData, 'state'), { recursive: true });
    writeFileSync(join(appData, 'state', 'recent-projects.json'), content);
    const warnings: string[] = [];
    const store = new DesktopStore(appData, { warn: (w) => warnings.push(w) });
    expect(store.recentProjects()).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(readdirSync(join(appData, 'state')).some((name) => name.startsWith('recent-projects.json.corrupt-'))).toBe(
      true,
    );
  });

  it('never results from a writer killed mid-write: the file is the old or the new version, never a mix', async () => {
    const appData = tempDir();
    const script = writerScript(appData);
    const file = join(appData, 'state', 'recent-projects.json');
    for (let round = 0; round < 6; round++) {
      const child = spawn(process.execPath, [script, file, String(round)], { stdio: ['ignore', 'pipe', 'inherit'] });
      let wrote = 0;
      child.stdout.on('data', (d: Buffer) => (wrote += d.toString().split('\n').filter(Boolean).length));
      await until(() => wrote >= 2, 10_000, 'two complete writes');
      // Somewhere inside a later write: ~400 kB each, most of the time spent writing and syncing.
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
      const exited = new Promise((r) => child.on('exit', r));
      child.kill('SIGKILL');
      await exited;
      const list = new DesktopStore(appData).recentProjects();
      expect(list.length, `round ${round}`).toBe(100);
      expect(new Set(list.map((p) => p.openedAt)).size, `round ${round}: one version`).toBe(1);
      expect(
        readdirSync(join(appData, 'state')).filter((n) => n.endsWith('.tmp')),
        'leftover temps removed',
      ).toEqual([]);
      expect(readdirSync(join(appData, 'state')).filter((n) => n.includes('.corrupt-'))).toEqual([]);
    }
    expect(existsSync(file)).toBe(true);
  }, 60_000);
});

/** A child that rewrites a big recent-projects file in a loop with the real writeFileAtomic. */
function writerScript(folder: string): string {
  const source = readFileSync(new URL('../../electron/main/persistence/atomic-file.ts', import.meta.url), 'utf8');
  const js = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  writeFileSync(join(folder, 'atomic-file.mjs'), js);
  const script = join(folder, 'writer.mjs');
  writeFileSync(
    script,
    `import { writeFileAtomic } from './atomic-file.mjs';
const [file, round] = process.argv.slice(2);
const pad = 'x'.repeat(4000);
for (let n = 0; ; n++) {
  const openedAt = Number(round) * 1e6 + n;
  const projects = Array.from({ length: 100 }, (_, i) => ({ dir: '/p/' + i + pad, name: 'p' + i, openedAt }));
  await writeFileAtomic(file, JSON.stringify({ version: 1, projects }));
  process.stdout.write(n + '\\n');
}
`,
  );
  return script;
}
