/**
 * The base port a project was moved to (the overlap offer, accepted), remembered per
 * project folder in `<state>/ports/<sha256(dir), 24 hex>.json` = `{version:1, dir, basePort}`,
 * by every host that shares the state folder (the desktop app and `procdeck serve`). The
 * file's own `dir` must match: a hash collision or a copied file never moves another project.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { LIMITS } from '../../../shared/contract';

const fileSchema = z.strictObject({
  version: z.literal(1),
  dir: z.string().min(1).max(LIMITS.maxPathLength),
  basePort: z.int().min(1).max(65535),
});

const MAX_FILE_BYTES = 16 * 1024;

function fileOf(folder: string, dir: string): string {
  return join(folder, `${createHash('sha256').update(dir).digest('hex').slice(0, 24)}.json`);
}

/** The remembered base of `dir`; null when none (or the file is not a valid one for this folder). */
export function rememberedBase(folder: string, dir: string): number | null {
  try {
    const text = readFileSync(fileOf(folder, dir), 'utf8');
    if (text.length > MAX_FILE_BYTES) return null;
    const parsed = fileSchema.safeParse(JSON.parse(text));
    return parsed.success && parsed.data.dir === dir ? parsed.data.basePort : null;
  } catch {
    return null;
  }
}

/** Remembers `basePort` for `dir` (written whole, then renamed: never half a file). */
export function rememberBase(folder: string, dir: string, basePort: number): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  const file = fileOf(folder, dir);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify({ version: 1, dir, basePort }), { mode: 0o600 });
  renameSync(temporary, file);
}
