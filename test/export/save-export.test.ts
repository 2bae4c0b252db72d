/**
 * Export… › Save to folder…, below the dialogs: a real export written into real temp
 * folders, with the user's answers scripted. A folder holding files Procdeck did not write
 * is written only after a yes; every way of backing out writes nothing.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormationExport } from '../../shared/contract';
import { rebaseInstallLines } from '../../electron/core/export/export-formation';
import { MANIFEST_FILE } from '../../electron/core/export/export-manifest';
import { saveExportToFolder, type SaveAsk } from '../../electron/core/export/save-export';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function tempFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'procdeck-save-export-'));
  roots.push(root);
  return root;
}

const exported: FormationExport = {
  format: 'compose',
  app: 'shop',
  folder: 'shop-compose',
  files: [
    { path: 'compose.yaml', text: 'services:\n  web: {}\n' },
    { path: 'shop.env', text: 'A=1\n' },
  ],
  notes: [],
  install: ['docker compose -f shop-compose/compose.yaml up -d', 'docker compose -f shop-compose/compose.yaml ps'],
};

/** Scripted answers, and what was asked. */
function asking(
  folder: string | null,
  yes = false,
): SaveAsk & { questions: { dir: string; foreign: readonly string[] }[] } {
  const questions: { dir: string; foreign: readonly string[] }[] = [];
  return {
    questions,
    chooseFolder: () => Promise.resolve(folder),
    confirmForeign: (dir, foreign) => {
      questions.push({ dir, foreign });
      return Promise.resolve(yes);
    },
  };
}

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

describe('saveExportToFolder', () => {
  it('writes the files and the manifest into an empty folder, and says so with install lines for that folder', async () => {
    const dir = tempFolder();
    const ask = asking(dir);
    expect(await saveExportToFolder(exported, ask)).toEqual({
      ok: true,
      value: {
        kind: 'saved',
        dir,
        written: ['compose.yaml', 'shop.env'],
        removed: [],
        install: [`docker compose -f ${dir}/compose.yaml up -d`, `docker compose -f ${dir}/compose.yaml ps`],
      },
    });
    expect(Object.keys(contents(dir))).toEqual([MANIFEST_FILE, 'compose.yaml', 'shop.env']);
    expect(contents(dir)['compose.yaml']).toBe('services:\n  web: {}\n');
    expect(ask.questions).toEqual([]);
  });

  it('creates a folder that does not exist yet', async () => {
    const dir = join(tempFolder(), 'new', 'deeper');
    expect((await saveExportToFolder(exported, asking(dir))).ok).toBe(true);
    expect(Object.keys(contents(dir))).toEqual([MANIFEST_FILE, 'compose.yaml', 'shop.env']);
  });

  it('re-exports over its own earlier export without asking, and removes the files the new export no longer has', async () => {
    const dir = tempFolder();
    await saveExportToFolder(exported, asking(dir));
    const smaller: FormationExport = { ...exported, files: [{ path: 'compose.yaml', text: 'services: {}\n' }] };
    const ask = asking(dir);
    const result = await saveExportToFolder(smaller, ask);
    expect(result).toMatchObject({
      ok: true,
      value: { kind: 'saved', written: ['compose.yaml'], removed: ['shop.env'] },
    });
    expect(ask.questions).toEqual([]);
    expect(contents(dir)).toEqual({ [MANIFEST_FILE]: expect.any(String) as string, 'compose.yaml': 'services: {}\n' });
  });

  it('asks before a folder holding files Procdeck did not write, and writes nothing on no', async () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    writeFileSync(join(dir, 'compose.yaml'), 'my own compose file\n');
    const ask = asking(dir, false);
    expect(await saveExportToFolder(exported, ask)).toEqual({ ok: true, value: { kind: 'cancelled' } });
    expect(ask.questions).toEqual([{ dir, foreign: ['compose.yaml', 'notes.txt'] }]);
    expect(contents(dir)).toEqual({ 'compose.yaml': 'my own compose file\n', 'notes.txt': 'mine\n' });
  });

  it('after a yes, writes the export and keeps the other files', async () => {
    const dir = tempFolder();
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const ask = asking(dir, true);
    expect(await saveExportToFolder(exported, ask)).toMatchObject({
      ok: true,
      value: { kind: 'saved', dir, written: ['compose.yaml', 'shop.env'], removed: [] },
    });
    expect(ask.questions).toHaveLength(1);
    expect(contents(dir)).toMatchObject({
      'notes.txt': 'mine\n',
      'compose.yaml': 'services:\n  web: {}\n',
      'shop.env': 'A=1\n',
    });
  });

  it('writes nothing and asks nothing when the folder dialog is cancelled', async () => {
    const root = tempFolder();
    const ask = asking(null, true);
    expect(await saveExportToFolder(exported, ask)).toEqual({ ok: true, value: { kind: 'cancelled' } });
    expect(ask.questions).toEqual([]);
    expect(readdirSync(root)).toEqual([]);
  });

  it('refuses a relative folder', async () => {
    expect(await saveExportToFolder(exported, asking('out/export'))).toEqual({
      ok: false,
      error: 'the export folder must be an absolute path, not "out/export"',
    });
  });

  it('reports a folder it cannot write as an error naming it', async () => {
    const root = tempFolder();
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    const result = await saveExportToFolder(exported, asking(join(file, 'below')));
    expect(result.ok).toBe(false);
    expect((result as { error: string }).error).toContain(join(file, 'below'));
    expect(readFileSync(file, 'utf8')).toBe('x');
  });
});

describe('rebaseInstallLines', () => {
  it.each([
    [
      'a path in the folder',
      ['cp shop-launchd/*.plist ~/Library/LaunchAgents/'],
      'shop-launchd',
      '/tmp/x',
      ['cp /tmp/x/*.plist ~/Library/LaunchAgents/'],
    ],
    [
      'the folder as an argument',
      ['kubectl apply -k shop-kubernetes'],
      'shop-kubernetes',
      '/tmp/k',
      ['kubectl apply -k /tmp/k'],
    ],
    [
      'two paths on one line',
      ['sudo cp DIR/*.target DIR/*.service /etc/systemd/system/'],
      'DIR',
      'out',
      ['sudo cp out/*.target out/*.service /etc/systemd/system/'],
    ],
    [
      'a folder the shell must be told is one word',
      ['kubectl apply -k DIR'],
      'DIR',
      "/home/me/My App's",
      [`kubectl apply -k '/home/me/My App'\\''s'`],
    ],
    [
      'the name inside another word stays',
      ['kubectl get deployments -l app.kubernetes.io/name=shop-kubernetes', 'echo xshop-kubernetes/'],
      'shop-kubernetes',
      '/tmp/k',
      ['kubectl get deployments -l app.kubernetes.io/name=shop-kubernetes', 'echo xshop-kubernetes/'],
    ],
  ] as const)('%s', (_what, lines, from, to, expected) => {
    expect(rebaseInstallLines(lines, from, to)).toEqual(expected);
  });

  it('refuses to rebase from a folder name that is not a plain word', () => {
    expect(() => rebaseInstallLines([], 'a b', '/x')).toThrow(/plain folder name/);
  });
});
