/**
 * Reads `procdeck.yaml` beside the Procfile, bounded like every project file: a missing
 * file is no sidecar (zero configuration), anything else unreadable is an error naming it.
 */
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../../../shared/model';
import { readProjectFile } from '../read-project-file';
import { parseSidecar, type Sidecar } from './parse-sidecar';

export const SIDECAR_NAME = 'procdeck.yaml';

/** A sidecar is settings, not data: larger than this is a mistake, refused unread. */
export const MAX_SIDECAR_BYTES = 256 * 1024;

export type SidecarRead =
  | { readonly ok: true; readonly sidecar: Sidecar | null }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** The sidecar that belongs to this Procfile: in its folder. */
export function sidecarPath(procfile: string): string {
  return join(dirname(procfile), SIDECAR_NAME);
}

export async function readSidecar(path: string): Promise<SidecarRead> {
  const read = await readProjectFile(path, SIDECAR_NAME, MAX_SIDECAR_BYTES);
  if (!read.ok) {
    if (read.errno === 'ENOENT') return { ok: true, sidecar: null };
    return { ok: false, diagnostics: [{ severity: 'error', file: path, line: 0, message: read.message }] };
  }
  return parseSidecar(read.bytes.toString('utf8'), path);
}
