/**
 * Carries out an export plan on disk: the one place an export touches files.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeFsError, errnoOf } from '../fs-errors';
import type { ExportFile, ExportFormat } from './export-model';
import { MANIFEST_FILE, isPlainName, manifestText, parseManifest, planExport } from './export-manifest';

export type FolderResult =
  | { readonly ok: true; readonly written: readonly string[]; readonly removed: readonly string[] }
  /** `foreign`: the folder holds files Procdeck did not write, so nothing was written (without `force`). */
  | { readonly ok: false; readonly error: string; readonly foreign?: readonly string[] };

export async function writeExportFolder(
  dir: string,
  format: ExportFormat,
  app: string,
  files: readonly ExportFile[],
  force: boolean,
): Promise<FolderResult> {
  const bad = files.find((f) => !isPlainName(f.path));
  if (bad) return { ok: false, error: `internal: an export file name has a folder in it: ${bad.path}` };
  let present: string[];
  try {
    present = await readdir(dir);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT') return { ok: false, error: `${dir}: ${describeFsError(error, 'export folder')}` };
    present = [];
  }
  const previous = present.includes(MANIFEST_FILE)
    ? parseManifest(await readFile(join(dir, MANIFEST_FILE), 'utf8').catch(() => ''))
    : null;
  const plan = planExport(
    present,
    previous,
    files.map((f) => f.path),
    force,
  );
  if (!plan.ok) {
    const shown =
      plan.foreign.slice(0, 5).join(', ') + (plan.foreign.length > 5 ? `, and ${plan.foreign.length - 5} more` : '');
    return {
      ok: false,
      error: `${dir} holds files Procdeck did not write (${shown}); choose an empty folder or pass --force`,
      foreign: plan.foreign,
    };
  }
  try {
    await mkdir(dir, { recursive: true });
    for (const file of files) await writeFile(join(dir, file.path), file.text);
    for (const name of plan.remove) await rm(join(dir, name), { force: true });
    await writeFile(join(dir, MANIFEST_FILE), manifestText({ format, app, files: files.map((f) => f.path) }));
  } catch (error) {
    return { ok: false, error: `${dir}: ${describeFsError(error, 'export folder')}` };
  }
  return { ok: true, written: plan.write, removed: plan.remove };
}
