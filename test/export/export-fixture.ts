/**
 * The export fixture: a project whose .env holds the values that break Foreman's and
 * Honcho's exports, at `-m web=2,worker=3,clock_1=1`, exported by the real CLI.
 */
import { execFile } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, onTestFinished } from 'vitest';
import { currentProcessEnv, loadEnvFiles } from '../../electron/core/env/load-env';
import type { EnvValues } from '../../electron/core/env/parse-env';
import { ROOT, procdeckDone } from '../support/cli';

export const FIXTURE = `${ROOT}test/export/fixture`;
export const FORMATION = 'web=2,worker=3,clock_1=1';
export const run = promisify(execFile);

/** Every instance of the formation with its PORT (Foreman's rule, base 5000). */
export const INSTANCES: readonly (readonly [string, number])[] = [
  ['web.1', 5000],
  ['web.2', 5001],
  ['worker.1', 5100],
  ['worker.2', 5101],
  ['worker.3', 5102],
  ['clock_1.1', 5200],
];

/** A private copy of the fixture (processes write into its out/), readable by everyone, removed after the test. */
export function fixtureCopy(): { root: string; project: string } {
  const root = mkdtempSync(join(tmpdir(), 'procdeck-export-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  chmodSync(root, 0o755);
  const project = join(root, 'fixture');
  cpSync(FIXTURE, project, { recursive: true });
  mkdirSync(join(project, 'out'));
  return { root, project };
}

/** Runs `procdeck export FORMAT DIR -d PROJECT -m …`; expects success. */
export async function exportFixture(
  format: string,
  project: string,
  dir: string,
  extra: readonly string[] = [],
): Promise<string> {
  const result = await procdeckDone(['export', format, dir, '-d', project, '-m', FORMATION, ...extra]);
  expect(result.stderr.split('\n').filter((l) => l !== '' && !/warning: command substitution/.test(l))).toEqual([]);
  expect(result.code).toBe(0);
  return result.stdout;
}

export function filesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.'))
    .sort();
}

export function read(dir: string, name: string): string {
  return readFileSync(join(dir, name), 'utf8');
}

/** The .env values exactly as Procdeck computes them (its own loader), checked to be the hard ones. */
export async function expectedEnv(): Promise<EnvValues> {
  const { values } = await loadEnvFiles([`${FIXTURE}/.env`], currentProcessEnv(), { required: true });
  expect(values.DATABASE_URL).toMatch(/%40.*@.*:/);
  expect(values.GREETING).toMatch(/ {3}/);
  expect(values.BOTH_QUOTES).toMatch(/"/);
  expect(values.BOTH_QUOTES).toMatch(/'/);
  expect(values.ENDS_IN_QUOTE).toMatch(/"$/);
  expect(values.DOLLAR).toContain('$$');
  expect(values.BRACES).toContain('${HOME}');
  expect(values.BACKSLASHES).toMatch(/\\\\.*\\$/);
  expect(values.MARKUP).toMatch(/&.*<.*>/);
  expect(values.UNICODE).toMatch(/[^\x00-\x7f]/);
  expect(values.EMPTY).toBe('');
  expect(values.PERCENT).toContain('%(here)s');
  expect(values.MULTILINE).toContain('\n');
  return values;
}
