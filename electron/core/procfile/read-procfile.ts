/**
 * Reads a Procfile from disk and parses it; every failure becomes a diagnostic.
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import type { Diagnostic } from '../../../shared/model';
import { parseProcfile, type ParsedProcfile } from './parse-procfile';
import { readProjectFile } from '../read-project-file';

/** Procfiles larger than this are refused rather than parsed (a mistake, not a Procfile; README). */
export const MAX_PROCFILE_BYTES = 1024 * 1024;

export interface ReadProcfile extends ParsedProcfile {
  /** A hash of the file's bytes ('' when it could not be read). */
  readonly fingerprint: string;
}

export async function readProcfile(path: string): Promise<ReadProcfile> {
  const read = await readProjectFile(path, 'Procfile', MAX_PROCFILE_BYTES);
  if (!read.ok) return { types: [], diagnostics: [fileError(path, read.message)], unfinished: false, fingerprint: '' };
  const bytes = read.bytes;
  return {
    ...parseProcfile(bytes.toString('utf8'), path),
    fingerprint: createHash('sha1').update(bytes).digest('hex'),
  };
}

function fileError(file: string, message: string): Diagnostic {
  return { severity: 'error', file, line: 0, message };
}

/** `Procfile` first, then its variants (`Procfile.dev`, …) in name order. */
export async function findProcfiles(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const variants = names.filter((n) => n === 'Procfile' || /^Procfile[._-][\w.-]+$/.test(n)).sort();
  return variants.sort((a, b) => (a === 'Procfile' ? -1 : b === 'Procfile' ? 1 : a.localeCompare(b)));
}
