/**
 * The formation the desktop app saves per project — the sliders and exit policies, the
 * per-type parts of the formation value — and where it lies. One home for the file's
 * shape and path: the desktop store (electron/main/persistence) writes through it, and
 * `procdeck export` without `-m` reads it.
 *
 *   <userData>/state/projects/<sha256(dir), 24 hex>.json
 *   {version:1, dir, procfile, scale:{web:2}, policies:{web:'restart'}, bounds}
 *
 * `dir` is the project folder as the desktop app opened it (its real path). The file's own
 * `dir` must match: a hash collision or a copied file never hands one project another's
 * formation. Reading here never changes the file (the desktop app moves a corrupt one aside).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../../../shared/contract';
import { EXIT_POLICIES, type ExitPolicy } from '../../../shared/model';
import type { FormationType } from './formation-value';

const path = z.string().min(1).max(LIMITS.maxPathLength);
const typeName = z.string().min(1).max(LIMITS.maxNameLength);

/** The formation part of a saved project; the desktop store adds the window's bounds. */
export const savedProjectSchema = z.object({
  version: z.literal(1),
  dir: path,
  procfile: z.string().min(1).max(LIMITS.maxNameLength).nullable(),
  scale: z.record(typeName, z.int().min(0).max(LIMITS.maxScale)),
  policies: z.record(typeName, z.enum(EXIT_POLICIES as [ExitPolicy, ...ExitPolicy[]])),
});

/** Files larger than this are not ours. */
export const MAX_SAVED_FILE_BYTES = 1024 * 1024;

export interface SavedFormation {
  readonly scale: Readonly<Record<string, number>>;
  readonly policies: Readonly<Record<string, ExitPolicy>>;
}

/** The saved file of a project under the desktop app's user-data folder. */
export function savedProjectFile(userDataDir: string, dir: string): string {
  return join(userDataDir, 'state', 'projects', `${createHash('sha256').update(dir).digest('hex').slice(0, 24)}.json`);
}

/** What is saved of a formation: each type's scale and policy, by name. */
export function savedFormationOf(types: readonly Pick<FormationType, 'name' | 'scale' | 'policy'>[]): SavedFormation {
  return {
    scale: Object.fromEntries(types.map((t) => [t.name, t.scale])),
    policies: Object.fromEntries(types.map((t) => [t.name, t.policy])),
  };
}

/**
 * Where the desktop app keeps its user data, by Electron's rule (`app.getPath('userData')`:
 * the app-data folder and the app's name), for hosts that are not Electron. The packaged
 * app is named "Procdeck", a development run (`npm start`) "procdeck"; PROCDECK_USER_DATA_DIR
 * overrides both, as it does for the app.
 */
export function desktopUserDataDirs(
  env: Readonly<Record<string, string | undefined>>,
  platform: NodeJS.Platform,
  home: string,
): string[] {
  const override = env.PROCDECK_USER_DATA_DIR;
  if (override) return [override];
  const xdg = env.XDG_CONFIG_HOME;
  const appData =
    platform === 'darwin'
      ? join(home, 'Library', 'Application Support')
      : platform === 'win32'
        ? (env.APPDATA ?? join(home, 'AppData', 'Roaming'))
        : xdg && xdg.startsWith('/')
          ? xdg
          : join(home, '.config');
  return [join(appData, 'Procdeck'), join(appData, 'procdeck')];
}

export type SavedFormationRead =
  | {
      readonly kind: 'found';
      readonly file: string;
      readonly procfile: string | null;
      readonly formation: SavedFormation;
    }
  | { readonly kind: 'none' }
  | { readonly kind: 'unreadable'; readonly file: string; readonly reason: string };

/** The formation saved for `dir` in the first of `userDataDirs` that has one. */
export function readSavedFormation(userDataDirs: readonly string[], dir: string): SavedFormationRead {
  for (const userData of userDataDirs) {
    const file = savedProjectFile(userData, dir);
    const read = parseSavedFile(file);
    if (read === null) continue;
    if (typeof read === 'string') return { kind: 'unreadable', file, reason: read };
    if (read.dir !== dir) continue;
    return { kind: 'found', file, procfile: read.procfile, formation: { scale: read.scale, policies: read.policies } };
  }
  return { kind: 'none' };
}

/** The file's content, null when there is none, or why it cannot be used. */
function parseSavedFile(file: string): z.output<typeof savedProjectSchema> | string | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? null : (error as Error).message;
  }
  if (bytes.byteLength > MAX_SAVED_FILE_BYTES) return `larger than ${MAX_SAVED_FILE_BYTES} bytes`;
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    return `not JSON: ${(error as Error).message}`;
  }
  const parsed = savedProjectSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return `unexpected content at ${issue?.path.join('.') || 'top level'}: ${issue?.message ?? 'invalid'}`;
}
