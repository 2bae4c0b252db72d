/**
 * The manifest Procdeck leaves in an export folder, and the plan for the next export
 * into it. Pure: `export-folder.ts` reads the folder and carries the plan out.
 *
 * A re-export replaces only files the manifest names and removes the ones the new export
 * no longer has (instances of a larger formation, as Foreman does). Any other file in the
 * folder is someone else's: writing next to it needs --force, and it is never removed.
 */
import type { ExportFormat } from './export-model';

export const MANIFEST_FILE = '.procdeck-export.json';

export interface ExportManifest {
  readonly format: ExportFormat;
  readonly app: string;
  readonly files: readonly string[];
}

/** The manifest from its text; null for anything that is not one (then no file counts as ours). */
export function parseManifest(text: string): ExportManifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { format, app, files } = value as Record<string, unknown>;
  if (typeof format !== 'string' || typeof app !== 'string' || !Array.isArray(files)) return null;
  const names = files.filter((f): f is string => typeof f === 'string' && isPlainName(f));
  return { format: format as ExportFormat, app, files: names };
}

export function manifestText(manifest: ExportManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** A file name without a folder part: the only paths an export writes or removes. */
export function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

export type ExportPlan =
  | {
      readonly ok: true;
      readonly write: readonly string[];
      readonly remove: readonly string[];
      readonly foreign: readonly string[];
    }
  | { readonly ok: false; readonly foreign: readonly string[] };

/**
 * What to write and remove, given what the folder holds now and the last manifest.
 * Refused when the folder holds files Procdeck did not write, unless forced.
 */
export function planExport(
  present: readonly string[],
  previous: ExportManifest | null,
  next: readonly string[],
  force: boolean,
): ExportPlan {
  const ours = new Set(previous?.files ?? []);
  const foreign = present.filter((name) => name !== MANIFEST_FILE && !ours.has(name)).sort();
  if (foreign.length > 0 && !force) return { ok: false, foreign };
  const keep = new Set(next);
  const remove = [...ours].filter((name) => !keep.has(name) && present.includes(name)).sort();
  return { ok: true, write: [...next], remove, foreign };
}
