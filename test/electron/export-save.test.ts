/**
 * Export… › Save to folder… in the desktop app, over the fake Electron objects and a real
 * formation: the native folder dialog (FakeDialogs) picks a real temp folder, the export
 * lands there file for file as `formation.export` previews it, a folder holding files
 * Procdeck did not write is written only after the user says yes, and cancelling writes nothing.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallResult, FolderExportResult, FormationExport } from '../../shared/contract';
import { MANIFEST_FILE } from '../../electron/core/export/export-manifest';
import { exportQuestion } from '../../electron/main/export-confirmation';
import { fixtureCopy } from '../export/export-fixture';
import { createHarness, type FakeWindow, type Harness } from './fakes';

let h: Harness;
const roots: string[] = [];
afterEach(async () => {
  await h?.dispose();
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function tempFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'procdeck-desktop-export-'));
  roots.push(root);
  return root;
}

/** Files in `dir` by name, with their text. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

async function openFixture(): Promise<{ win: FakeWindow; project: string }> {
  const { project } = fixtureCopy();
  h = createHarness({ graceMs: 1000 });
  await h.shell.openProject({ dir: project });
  return { win: h.windowOf(project), project };
}

async function value<T>(answer: Promise<unknown>): Promise<T> {
  const result = (await answer) as CallResult<T>;
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

describe('Save to folder… in the desktop app', () => {
  it('says it can, and writes the live export into the folder picked natively, as previewed', async () => {
    const { win } = await openFixture();
    expect(await value(h.call(win, 'app.info', {}))).toMatchObject({ kind: 'electron', canSaveToFolder: true });
    await value(h.call(win, 'type.scale', { type: 'worker', count: 2 }));
    const preview = await value<FormationExport>(h.call(win, 'formation.export', { format: 'supervisord' }));
    const dir = tempFolder();
    h.dialogs.exportFolders = [dir];

    const saved = await value<FolderExportResult>(h.call(win, 'formation.exportToFolder', { format: 'supervisord' }));

    const names = preview.files.map((f) => f.path);
    expect(saved).toEqual({ kind: 'saved', dir, written: names, removed: [], install: expect.any(Array) as string[] });
    expect(contents(dir)).toEqual({
      [MANIFEST_FILE]: expect.any(String) as string,
      ...Object.fromEntries(preview.files.map((f) => [f.path, f.text])),
    });
    // The live scale (worker=2), and install lines that name the folder written to.
    expect(contents(dir)['fixture.conf']).toContain('[program:fixture-worker-2]');
    expect(contents(dir)['fixture.conf']).not.toContain('[program:fixture-worker-3]');
    expect(saved.kind === 'saved' && saved.install.join('\n')).toContain(`sudo cp ${dir}/fixture.conf`);
    expect(h.dialogs.exportQuestions).toEqual([]);
  });

  it('re-saving a smaller formation into the same folder asks nothing and removes the stale instance files', async () => {
    const { win } = await openFixture();
    const dir = tempFolder();
    await value(h.call(win, 'type.scale', { type: 'worker', count: 3 }));
    h.dialogs.exportFolders = [dir];
    await value(h.call(win, 'formation.exportToFolder', { format: 'systemd' }));
    expect(existsSync(join(dir, 'fixture-worker.3.service'))).toBe(true);

    await value(h.call(win, 'type.scale', { type: 'worker', count: 1 }));
    h.dialogs.exportFolders = [dir];
    const saved = await value<FolderExportResult>(h.call(win, 'formation.exportToFolder', { format: 'systemd' }));
    expect(saved).toMatchObject({ kind: 'saved', removed: ['fixture-worker.2.service', 'fixture-worker.3.service'] });
    expect(existsSync(join(dir, 'fixture-worker.2.service'))).toBe(false);
    expect(existsSync(join(dir, 'fixture-worker.1.service'))).toBe(true);
    expect(h.dialogs.exportQuestions).toEqual([]);
  });

  it('asks before a folder holding files Procdeck did not write; no writes nothing, yes writes and keeps them', async () => {
    const { win } = await openFixture();
    const dir = tempFolder();
    writeFileSync(join(dir, 'README'), 'my deployment notes\n');
    writeFileSync(join(dir, 'compose.yaml'), 'my own compose file\n');

    h.dialogs.exportFolders = [dir];
    h.dialogs.exportAnswer = false;
    expect(await value(h.call(win, 'formation.exportToFolder', { format: 'compose' }))).toEqual({ kind: 'cancelled' });
    expect(h.dialogs.exportQuestions).toEqual([exportQuestion('compose', dir, ['README', 'compose.yaml'])]);
    expect(h.dialogs.exportQuestions[0]?.detail).toContain('README, compose.yaml');
    expect(contents(dir)).toEqual({ README: 'my deployment notes\n', 'compose.yaml': 'my own compose file\n' });

    h.dialogs.exportFolders = [dir];
    h.dialogs.exportAnswer = true;
    const saved = await value<FolderExportResult>(h.call(win, 'formation.exportToFolder', { format: 'compose' }));
    expect(saved).toMatchObject({ kind: 'saved', dir, written: ['compose.yaml'] });
    expect(h.dialogs.exportQuestions).toHaveLength(2);
    const after = contents(dir);
    expect(after.README).toBe('my deployment notes\n');
    expect(after['compose.yaml']).toContain('services:');
    expect(Object.keys(after)).toEqual([MANIFEST_FILE, 'README', 'compose.yaml']);
  });

  it('writes nothing when the folder dialog is cancelled', async () => {
    const { win, project } = await openFixture();
    // The instances write into out/; the project's own files are what an export could land beside.
    const before = readdirSync(project).sort();
    h.dialogs.exportFolders = [null];
    expect(await value(h.call(win, 'formation.exportToFolder', { format: 'launchd' }))).toEqual({ kind: 'cancelled' });
    expect(h.dialogs.exportQuestions).toEqual([]);
    expect(readdirSync(project).sort()).toEqual(before);
    expect(readdirSync(project)).not.toContain(MANIFEST_FILE);
  });

  it('reports a folder it cannot write to as a failed call naming the folder', async () => {
    const { win } = await openFixture();
    const file = join(tempFolder(), 'a-file');
    writeFileSync(file, 'x');
    h.dialogs.exportFolders = [join(file, 'below')];
    const answer = (await h.call(win, 'formation.exportToFolder', { format: 'kubernetes' })) as CallResult<unknown>;
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.error.code).toBe('failed');
    expect(!answer.ok && answer.error.message).toContain(join(file, 'below'));
  });
});

describe('exportQuestion', () => {
  it.each([
    ['one file', ['x.conf'], 'It holds 1 file Procdeck did not write (x.conf).'],
    [
      'six files: five named, the rest counted',
      ['a', 'b', 'c', 'd', 'e', 'f'],
      'It holds 6 files Procdeck did not write (a, b, c, d, e, and 1 more).',
    ],
    [
      'a name with a terminal escape, shown, not interpreted',
      ['\u001b[2Jx'],
      'It holds 1 file Procdeck did not write (\\u{1b}[2Jx).',
    ],
  ])('%s', (_what, foreign, start) => {
    const question = exportQuestion('systemd', '/srv/deploy', foreign);
    expect(question.title).toBe('Write the systemd export into /srv/deploy?');
    expect(question.detail.startsWith(start)).toBe(true);
    expect(question.detail).toContain('They are kept');
    expect(question.action).toBe('Write Anyway');
  });
});
