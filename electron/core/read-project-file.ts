/**
 * The one way the core reads a project's own files (the Procfile, each env file): only
 * a regular file, only up to a size cap, and never in a way that can hang.
 *
 * A FIFO named Procfile would block a plain read forever, and with it one of libuv's four
 * pool threads (four such files starve every other file operation of the host); a
 * symbolic link to /dev/zero would grow memory without end; a sparse file of many GiB
 * would be read whole before any size check. So: stat the path and refuse anything but
 * a regular file within the cap; open it with O_NONBLOCK (a FIFO swapped in since the
 * stat cannot block the open) and O_NOCTTY; check the open file again (fstat), and read
 * at most cap + 1 bytes, since a file may grow after it was measured.
 */
import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { describeFsError, errnoOf } from './fs-errors';

export type ProjectFileRead =
  | { readonly ok: true; readonly bytes: Buffer }
  /** `errno` is set when the file system refused (ENOENT…); unset when the file was refused for what it is. */
  | { readonly ok: false; readonly errno: string | undefined; readonly message: string };

/** What the file is when it is not a regular file, in words; null for a regular file. */
export function notARegularFile(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** `what` names the file in messages ("Procfile", "env file"). */
export async function readProjectFile(path: string, what: string, maxBytes: number): Promise<ProjectFileRead> {
  const refused = (message: string): ProjectFileRead => ({ ok: false, errno: undefined, message });
  const failed = (error: unknown): ProjectFileRead => ({
    ok: false,
    errno: errnoOf(error),
    message: describeFsError(error, what),
  });
  const check = (stats: Stats): ProjectFileRead | null => {
    const kind = notARegularFile(stats);
    if (kind === 'a directory') return refused(`${what} is a directory, not a file`);
    if (kind) return refused(`${what} is ${kind}, not a regular file; refused`);
    if (stats.size > maxBytes) return refused(`${what} is ${stats.size} bytes; larger than ${maxBytes} is refused`);
    return null;
  };

  let before: Stats;
  try {
    before = await stat(path);
  } catch (error) {
    return failed(error);
  }
  const problem = check(before);
  if (problem) return problem;

  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (error) {
    return failed(error);
  }
  try {
    const now = await handle.stat();
    const changed = check(now);
    if (changed) return changed;
    // Read to the end, but never past the cap: the file may have grown since the fstat.
    const limit = maxBytes + 1;
    let buffer = Buffer.alloc(Math.min(limit, now.size + 1));
    let length = 0;
    while (length < limit) {
      if (length === buffer.length) {
        const bigger = Buffer.alloc(Math.min(limit, buffer.length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) return refused(`${what} grew past ${maxBytes} bytes while being read; refused`);
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return failed(error);
  } finally {
    await handle.close().catch(() => undefined);
  }
}
