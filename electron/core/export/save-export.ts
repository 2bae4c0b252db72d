/**
 * Export… › Save to folder…: the live export written to a folder the user picks, by the
 * same rules as `procdeck export -o` (export-folder.ts); a folder with files Procdeck did
 * not write is written only after the user says so (the `--force` of the dashboard).
 */
import type { FolderExportResult, FormationExport } from '../../../shared/contract';
import { writeExportFolder } from './export-folder';

export interface SaveAsk {
  /** The folder to write to; null when the user cancelled. */
  chooseFolder(): Promise<string | null>;
  /** True to write into a folder holding these files Procdeck did not write. */
  confirmForeign(dir: string, foreign: readonly string[]): Promise<boolean>;
}

export type SaveResult = { readonly ok: true; readonly value: FolderExportResult } | { readonly ok: false; readonly error: string };

export async function saveExportToFolder(exported: FormationExport, ask: SaveAsk): Promise<SaveResult> {
  const dir = await ask.chooseFolder();
  if (dir === null) return { ok: true, value: { kind: 'cancelled' } };
  const write = (force: boolean) => writeExportFolder(dir, exported.format, exported.app, exported.files, force);
  let result = await write(false);
  if (!result.ok && result.foreign) {
    if (!(await ask.confirmForeign(dir, result.foreign))) return { ok: true, value: { kind: 'cancelled' } };
    result = await write(true);
  }
  if (!result.ok) return { ok: false, error: result.error };
  return { ok: true, value: { kind: 'saved', dir, written: result.written, removed: result.removed } };
}
