/**
 * Writes a file so that a crash or power cut at any moment leaves either the old content
 * or the new one, never a torn mix: write a temp file beside it, fsync it, rename it over
 * the target (atomic on POSIX and on NTFS), then fsync the folder so the rename itself is
 * durable.
 *
 * Writes to one path are serialized, so a slow write never overtakes a later one.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.tmp';
const queues = new Map<string, Promise<void>>();

export function writeFileAtomic(file: string, data: string): Promise<void> {
  const previous = queues.get(file) ?? Promise.resolve();
  const next = previous.then(() => writeNow(file, data));
  const settled = next.catch(() => undefined);
  queues.set(file, settled);
  void settled.then(() => {
    if (queues.get(file) === settled) queues.delete(file);
  });
  return next;
}

async function writeNow(file: string, data: string): Promise<void> {
  const folder = dirname(file);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temp = join(folder, `.${basename(file)}.${process.pid}-${randomBytes(4).toString('hex')}${TEMP_SUFFIX}`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/** Makes the rename durable. Folders cannot be opened for fsync on Windows: skip there. */
async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}

/** Removes temp files a crashed writer left in `folder` (they never replaced anything). */
export function removeLeftoverTemps(folder: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (name.startsWith('.') && name.endsWith(TEMP_SUFFIX)) {
      rmSync(join(folder, name), { force: true });
      removed++;
    }
  }
  return removed;
}
