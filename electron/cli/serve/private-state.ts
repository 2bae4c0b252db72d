/**
 * Where `procdeck serve` keeps its logs by default: a private per-user folder,
 * `$XDG_STATE_HOME/procdeck/logs` (else `$XDG_RUNTIME_DIR/procdeck/logs`, else
 * `~/.local/state/procdeck/logs`), mode 0700. Not a shared, predictable `/tmp` path that
 * another local user could pre-create, read, or point elsewhere with a symlink: a folder
 * of ours that is a symlink, or is owned by someone else, is refused.
 */
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export type StateFolder =
  { readonly ok: true; readonly path: string } | { readonly ok: false; readonly message: string };

/** The base folder from the environment (XDG Base Directory rules: relative values are ignored). */
export function stateBase(env: NodeJS.ProcessEnv, home: string = homedir()): string {
  const usable = (value: string | undefined) => (value && isAbsolute(value) ? value : null);
  return usable(env.XDG_STATE_HOME) ?? usable(env.XDG_RUNTIME_DIR) ?? join(home, '.local', 'state');
}

/** Creates (or checks) `base/procdeck/logs`, each of our two levels a real folder of ours, 0700. */
export function privateLogFolder(base: string, uid: number | undefined = process.getuid?.()): StateFolder {
  try {
    mkdirSync(base, { recursive: true, mode: 0o700 });
    let path = base;
    for (const part of ['procdeck', 'logs']) {
      path = join(path, part);
      try {
        mkdirSync(path, { mode: 0o700 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const info = lstatSync(path);
      if (info.isSymbolicLink())
        return { ok: false, message: `${path} is a symbolic link; refusing to write logs through it` };
      if (!info.isDirectory()) return { ok: false, message: `${path} is not a folder` };
      if (uid !== undefined && info.uid !== uid)
        return {
          ok: false,
          message: `${path} belongs to another user (uid ${info.uid}); refusing to write logs there`,
        };
      if ((info.mode & 0o077) !== 0) chmodSync(path, 0o700);
    }
    return { ok: true, path };
  } catch (error) {
    return { ok: false, message: `cannot create the log folder under ${base}: ${(error as Error).message}` };
  }
}
