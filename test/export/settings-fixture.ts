/**
 * The settings fixture: a project whose procdeck.yaml uses every setting an export carries
 * (after with cascade and independent restarts, each probe kind, per-type env that
 * overrides .env, per-type stop), exported by the real CLI.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, onTestFinished } from 'vitest';
import { ROOT, procdeckDone } from '../support/cli';

export const SETTINGS_FIXTURE = `${ROOT}test/export/settings-fixture`;
export const SETTINGS_FORMATION = 'db=1,cache=1,web=2,worker=1,clock=1';
export const APP = 'settings-fixture';

/** Every instance with its PORT (base 5000, 100 per type in Procfile order). */
export const SETTINGS_INSTANCES: readonly (readonly [string, number])[] = [
  ['web.1', 5000],
  ['web.2', 5001],
  ['worker.1', 5100],
  ['db.1', 5200],
  ['cache.1', 5300],
  ['clock.1', 5400],
];

const DOTENV = {
  GREETING: 'hello   world',
  DATABASE_URL: 'postgres://u:p%40ss@localhost:5432/db',
  PLAIN: '1',
};

/** procdeck.yaml's env per type, as written there. */
export const TYPE_ENV: Readonly<Record<string, Record<string, string>>> = {
  db: { DB_MODE: 'primary', DB_PASSWORD: 'p%40ss$word' },
  web: { WEB_CONCURRENCY: '2', GREETING: `web's "own" greeting` },
};

/** What every instance of `type` must get, before PORT and PS: .env, then the type's env over it. */
export function typeEnv(type: string): Record<string, string> {
  return { ...DOTENV, ...(TYPE_ENV[type] ?? {}) };
}

/** procdeck.yaml's stop per type, in seconds; the rest have the formation's SIGTERM and 5 s. */
export const STOPS: Readonly<Record<string, { signal: string; grace: number }>> = {
  db: { signal: 'SIGINT', grace: 12 },
  cache: { signal: 'SIGTERM', grace: 5 },
  web: { signal: 'SIGTERM', grace: 3 },
  worker: { signal: 'SIGQUIT', grace: 5 },
  clock: { signal: 'SIGTERM', grace: 5 },
};

/** A private copy of the fixture (processes write into its out/), readable by everyone, removed after the test. */
export function settingsCopy(): { root: string; project: string } {
  const root = mkdtempSync(join(tmpdir(), 'procdeck-export-settings-'));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const project = join(root, APP);
  cpSync(SETTINGS_FIXTURE, project, { recursive: true });
  mkdirSync(join(project, 'out'));
  return { root, project };
}

/** `procdeck export FORMAT DIR -d PROJECT -m …`; expects success without a word on stderr. */
export async function exportSettings(
  format: string,
  project: string,
  dir: string,
  extra: readonly string[] = [],
): Promise<string> {
  const result = await procdeckDone(['export', format, dir, '-d', project, '-m', SETTINGS_FORMATION, ...extra]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}
