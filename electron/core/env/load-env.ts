/**
 * Loads the project's env files (later files win) and expands them against the
 * environment Procdeck runs in.
 */
import { readFile } from 'node:fs/promises';
import type { Diagnostic } from '../../../shared/model';
import { describeFsError, errnoOf } from '../fs-errors';
import { expandEnv, parseEnvText, type EnvValues } from './parse-env';

export interface LoadedEnv {
  /** The file values after expansion, with the process environment winning. */
  readonly values: EnvValues;
  readonly diagnostics: readonly Diagnostic[];
  /** The files that were read. */
  readonly files: readonly string[];
}

export interface LoadEnvOptions {
  /** Files given explicitly (`-e`) must exist; the default `.env` may be absent. */
  readonly required: boolean;
}

export async function loadEnvFiles(
  paths: readonly string[],
  processEnv: EnvValues,
  options: LoadEnvOptions,
): Promise<LoadedEnv> {
  const merged: Record<string, string> = {};
  const literal = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const files: string[] = [];
  for (const path of paths) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if (!options.required && errnoOf(error) === 'ENOENT') continue;
      diagnostics.push({ severity: 'error', file: path, line: 0, message: describeFsError(error, 'env file') });
      continue;
    }
    const parsed = parseEnvText(text, path);
    Object.assign(merged, parsed.values);
    for (const key of Object.keys(parsed.values)) {
      if (parsed.literal.has(key)) literal.add(key);
      else literal.delete(key);
    }
    diagnostics.push(...parsed.diagnostics);
    files.push(path);
  }
  return { values: expandEnv(merged, processEnv, literal), diagnostics, files };
}

/** The process environment without undefined entries. */
export function currentProcessEnv(env: NodeJS.ProcessEnv = process.env): EnvValues {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}
