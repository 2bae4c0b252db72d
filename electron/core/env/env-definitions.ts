/**
 * Every definition in the project's env files, by name, in the order they apply (later
 * lines and later files win): the "`.env:LINE`, earlier ones overridden" of the
 * environment view. Read on demand, never on the load path, so loading stays as fast as it is.
 */
import type { EnvDefinition } from '../../../shared/environment';
import { stripBom } from '../procfile/parse-procfile';
import { readProjectFile } from '../read-project-file';
import { parseDotenv } from './dotenv-parse';
import { MAX_ENV_FILE_BYTES } from './load-env';
import { scanEnvLines } from './parse-env';

export type EnvDefinitions = ReadonlyMap<string, readonly EnvDefinition[]>;

/** The definitions of one file's text, each with its value as dotenv reads that entry alone. */
export function definitionsOfText(text: string, file: string): Map<string, EnvDefinition[]> {
  const clean = stripBom(text);
  const lines = clean.replace(/\r\n?/g, '\n').split('\n');
  const out = new Map<string, EnvDefinition[]>();
  for (const { name, line, endLine } of scanEnvLines(clean, file).assignments) {
    const value = parseDotenv(lines.slice(line - 1, endLine).join('\n'))[name];
    // A line the scanner sees as an assignment and dotenv does not is no definition.
    if (value === undefined) continue;
    const list = out.get(name) ?? [];
    list.push({ origin: { kind: 'file', file, line }, value });
    out.set(name, list);
  }
  return out;
}

/** The files' definitions, merged in order; a missing or unreadable file adds none (loading reports it). */
export async function readEnvDefinitions(paths: readonly string[]): Promise<EnvDefinitions> {
  const merged = new Map<string, EnvDefinition[]>();
  for (const path of paths) {
    const read = await readProjectFile(path, 'env file', MAX_ENV_FILE_BYTES);
    if (!read.ok) continue;
    for (const [name, list] of definitionsOfText(read.bytes.toString('utf8'), path))
      merged.set(name, [...(merged.get(name) ?? []), ...list]);
  }
  return merged;
}
