/**
 * Export… › Save to folder…: the live export written to a folder the user picks, by the
 * same rules as `procdeck export FORMAT DIR` (export-folder.ts). A folder holding files
 * Procdeck did not write is written only after the user says so (the dashboard's `--force`).
 *
 * The host supplies the asking (native dialogs in the desktop app); this file decides the order:
 * pick, look, ask only when needed, write, and say what happened. Backing out at either
 * question writes nothing.
 */
import { isAbsolute } from 'node:path';
import type { FolderExportResult, FormationExport } from '../../../shared/contract';
import { writeExportFolder } from './export-folder';
import { rebaseInstallLines } from './export-formation';

export interface SaveAsk {
  /** The folder to write to (absolute); null when the user cancelled. */
  chooseFolder(): Promise<string | null>;
  /** True to write into `dir` although it holds `foreign`, files Procdeck did not write. */
  confirmForeign(dir: string, foreign: readonly string[]): Promise<boolean>;
}

export type SaveResult =
  { readonly ok: true; readonly value: FolderExportResult } | { readonly ok: false; readonly error: string };

const CANCELLED: SaveResult = { ok: true, value: { kind: 'cancelled' } };

export async function saveExportToFolder(exported: FormationExport, ask: SaveAsk): Promise<SaveResult> {
  const dir = await ask.chooseFolder();
  if (dir === null) return CANCELLED;
  // A native dialog answers with an absolute path; anything else is not a place we can name.
  if (!isAbsolute(dir))
    return { ok: false, error: `the export folder must be an absolute path, not ${JSON.stringify(dir)}` };
  const write = (force: boolean) => writeExportFolder(dir, exported.format, exported.app, exported.files, force);
  let result = await write(false);
  if (!result.ok && result.foreign) {
    if (!(await ask.confirmForeign(dir, result.foreign))) return CANCELLED;
    result = await write(true);
  }
  if (!result.ok) return { ok: false, error: result.error };
  return {
    ok: true,
    value: {
      kind: 'saved',
      dir,
      written: result.written,
      removed: result.removed,
      install: rebaseInstallLines(exported.install, exported.folder, dir),
    },
  };
}
