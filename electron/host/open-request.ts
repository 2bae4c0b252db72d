/**
 * The rules every host applies before opening a project (see open-policy.ts): resolve the
 * folder and the Procfile through symlinks, insist on a Procfile-like name and a regular
 * file inside the folder, and keep out of the host's own log and state folders (a log
 * holds whatever a process or a user typed: opened as a Procfile, it would run).
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join } from 'node:path';
import { isWithin } from './open-policy';

/** `Procfile`, or `Procfile` + `.`/`-`/`_` + a suffix; never a log. */
const PROCFILE_NAME = /^Procfile(?:[._-][A-Za-z0-9_-][A-Za-z0-9._-]{0,62})?$/;

export type ProcfileNameProblem = string | null;

/** Why `name` is not acceptable as a Procfile's name; null when it is. */
export function procfileNameProblem(name: string): ProcfileNameProblem {
  if (name.includes('/') || name.includes('\\') || name.includes('\0')) return `not a Procfile name (a path): ${name}`;
  if (name.startsWith('.')) return `not a Procfile name (a dotfile): ${name}`;
  if (!PROCFILE_NAME.test(name)) return `not a Procfile name: ${name} (Procfile, Procfile.dev, Procfile-worker, …)`;
  if (/\.log$/i.test(name)) return `not a Procfile name (a log file): ${name}`;
  return null;
}

export type ResolvedOpen =
  | { readonly ok: true; readonly dir: string; readonly procfile: string; readonly procfilePath: string }
  | { readonly ok: false; readonly code: 'invalid-request' | 'not-found' | 'refused'; readonly message: string };

/**
 * Resolves and checks an open: `dir` absolute and a folder, the Procfile named like one,
 * whose real path lies in the real folder, neither inside `forbidden` (whether it is a
 * readable regular file is the guarded reader's question).
 */
export async function resolveOpen(dir: string, procfile: string, forbidden: readonly string[]): Promise<ResolvedOpen> {
  if (!isAbsolute(dir)) return { ok: false, code: 'invalid-request', message: `not an absolute path: ${dir}` };
  const nameProblem = procfileNameProblem(procfile);
  if (nameProblem) return { ok: false, code: 'invalid-request', message: nameProblem };
  const realDir = await realpath(dir).catch(() => null);
  const dirInfo = realDir ? await stat(realDir).catch(() => null) : null;
  if (!realDir || !dirInfo?.isDirectory()) return { ok: false, code: 'not-found', message: `no such folder: ${dir}` };
  const realForbidden = (await Promise.all(forbidden.map((f) => realpath(f).catch(() => f)))).filter((f) => f !== '');
  for (const place of realForbidden) {
    if (isWithin(realDir, place))
      return {
        ok: false,
        code: 'refused',
        message: `${dir} is one of Procdeck's own log or state folders, not a project`,
      };
  }
  const realProcfile = await realpath(join(realDir, procfile)).catch(() => null);
  // A missing Procfile is the loader's to report (with its usual diagnostics).
  if (!realProcfile) return { ok: true, dir: realDir, procfile, procfilePath: join(realDir, procfile) };
  if (!isWithin(realProcfile, realDir)) {
    return {
      ok: false,
      code: 'refused',
      message: `${procfile} in ${dir} leads outside the project folder (to ${realProcfile})`,
    };
  }
  if (procfileNameProblem(basename(realProcfile)) !== null && realProcfile !== join(realDir, procfile)) {
    return {
      ok: false,
      code: 'refused',
      message: `${procfile} in ${dir} is a link to ${basename(realProcfile)}, which is not a Procfile`,
    };
  }
  for (const place of realForbidden) {
    if (isWithin(realProcfile, place))
      return {
        ok: false,
        code: 'refused',
        message: `${procfile} in ${dir} leads into Procdeck's own log or state folders`,
      };
  }
  // What the Procfile is (a FIFO, a device, too large) is the guarded reader's to say, with
  // its usual diagnostics: read-project-file.ts is the one home of that rule.
  return { ok: true, dir: realDir, procfile, procfilePath: realProcfile };
}
