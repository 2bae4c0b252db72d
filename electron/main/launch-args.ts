/**
 * Which projects a command line asks to open: `procdeck /path/to/project`, `npm start --
 * ../app`, a second launch handing its folders to the running app, or a Procfile given
 * instead of its folder.
 */
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The path arguments of a command line: after the executable and, when run as `electron
 * APP_PATH …` (`defaultApp`), after the app path — the first non-switch argument, since
 * switches (`--inspect=0`, `--no-sandbox`) may come before it. Switches are dropped.
 */
export function pathArguments(argv: readonly string[], defaultApp: boolean): string[] {
  const paths: string[] = [];
  let appPathSeen = !defaultApp;
  let afterDoubleDash = false;
  for (const arg of argv.slice(1)) {
    if (!afterDoubleDash && arg === '--') {
      afterDoubleDash = true;
      continue;
    }
    // Chromium and Electron switches (--inspect, --no-sandbox, -psn_0_… on old macOS).
    if (!afterDoubleDash && arg.startsWith('-')) continue;
    if (!appPathSeen) {
      appPathSeen = true;
      continue;
    }
    const path = launchPath(arg);
    if (path !== null) paths.push(path);
  }
  return paths;
}

/**
 * One path argument as a path. Linux desktop launchers run `Exec=procdeck %U`, which hands
 * over `file://` URIs (the Desktop Entry Specification: "%U a list of URLs"): those become
 * paths; any other URL (`https:`, `smb:`…) names nothing Procdeck can open. Null: dropped.
 */
export function launchPath(arg: string): string | null {
  if (arg.length === 0 || arg.length > 4096 || arg.includes('\0')) return null;
  if (/^file:/i.test(arg)) {
    try {
      const path = fileURLToPath(arg);
      return path.includes('\0') ? null : path;
    } catch {
      // file://remote-host/… or a malformed URI.
      return null;
    }
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]+:\/\//.test(arg)) return null;
  return arg;
}

export interface ProjectRequest {
  readonly dir: string;
  /** A Procfile variant's file name when a Procfile was given instead of its folder. */
  readonly procfile?: string;
}

export type PathKind = 'directory' | 'file' | 'missing';

/** Turns paths (relative to `cwd`) into projects; a file counts only if it is a Procfile. */
export function projectRequests(
  paths: readonly string[],
  cwd: string,
  kindOf: (path: string) => PathKind,
): ProjectRequest[] {
  const requests: ProjectRequest[] = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    const kind = kindOf(full);
    if (kind === 'directory') requests.push({ dir: full });
    else if (kind === 'file' && /^Procfile(\.[A-Za-z0-9_-]+)*$/.test(basename(full))) {
      requests.push({ dir: dirname(full), procfile: basename(full) });
    }
  }
  const seen = new Set<string>();
  return requests.filter((r) => (seen.has(r.dir) ? false : (seen.add(r.dir), true)));
}

/** What is at `path`, from the file system. */
export function pathKindOnDisk(path: string): PathKind {
  try {
    return statSync(path).isDirectory() ? 'directory' : 'file';
  } catch {
    return 'missing';
  }
}
