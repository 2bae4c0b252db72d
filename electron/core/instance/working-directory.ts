/**
 * Checks, before spawning, that an instance's working directory can be used, so that a
 * missing or unreadable one is reported as such instead of as a mysterious exit.
 */
import { access, constants, stat } from 'node:fs/promises';
import { errnoOf } from '../fs-errors';

/** A sentence saying what is wrong with `cwd`, or null when it can be used. */
export async function workingDirectoryProblem(cwd: string): Promise<string | null> {
  try {
    if (!(await stat(cwd)).isDirectory()) return `working directory ${cwd} is not a directory (ENOTDIR)`;
    await access(cwd, constants.X_OK | constants.R_OK);
    return null;
  } catch (error) {
    const errno = errnoOf(error) ?? 'error';
    const what = errno === 'ENOENT' ? 'does not exist' : errno === 'EACCES' ? 'is not accessible' : 'cannot be used';
    return `working directory ${cwd} ${what} (${errno})`;
  }
}
