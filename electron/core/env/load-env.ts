/**
 * Loads the project's env files (later files win) and expands them against the
 * environment Procdeck runs in.
 */
import type { Diagnostic } from '../../../shared/model';
import { readProjectFile } from '../read-project-file';
import { expandEnv, parseEnvText, type EnvValues } from './parse-env';

export interface LoadedEnv {
  /** The file values after expansion, with the process environment winning. */
  readonly values: EnvValues;
  readonly diagnostics: readonly Diagnostic[];
  /** The files that were read. */
  readonly files: readonly string[];
}

/**
 * Each env file larger than this is refused (README). Larger than the Procfile's cap:
 * one value may be big (reliability #20 reads a 5 MB one), though no single variable
 * can reach a child beyond Linux's 128 KiB per environment string.
 */
export const MAX_ENV_FILE_BYTES = 8 * 1024 * 1024;

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
    const read = await readProjectFile(path, 'env file', MAX_ENV_FILE_BYTES);
    if (!read.ok) {
      if (!options.required && read.errno === 'ENOENT') continue;
      diagnostics.push({ severity: 'error', file: path, line: 0, message: read.message });
      continue;
    }
    const text = read.bytes.toString('utf8');
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
