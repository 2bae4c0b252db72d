// Finds the Electron executable without triggering a download, and downloads it on
// request. Shared by `npm start` (scripts/start.mjs) and the Electron end-to-end spec.
//
// How the `electron` npm package (45) works: it ships no binary and no install script.
// `require('electron')` reads node_modules/electron/path.txt and, when dist/ lacks the
// executable, runs its install.js (a download with @electron/get) — and throws if that
// fails. `ELECTRON_OVERRIDE_DIST_PATH` points at an unpacked Electron instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The executable's path inside an unpacked Electron, per platform (as install.js has it). */
export function executableInDist(platform = process.platform) {
  switch (platform) {
    case 'darwin':
    case 'mas':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/** node_modules/electron, found without loading its index.js (which would download). */
export function electronPackageDir(env = process.env) {
  if (env.PROCDECK_ELECTRON_PACKAGE_DIR) return env.PROCDECK_ELECTRON_PACKAGE_DIR;
  try {
    return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return null;
  }
}

/**
 * `{ ok: true, path, version }` when an Electron executable exists, else `{ ok: false, reason }`.
 * Never downloads.
 */
export function locateElectron(env = process.env) {
  const packageDir = electronPackageDir(env);
  const version = packageDir ? readVersion(packageDir) : null;
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const path = join(env.ELECTRON_OVERRIDE_DIST_PATH, executableInDist());
    return existsSync(path)
      ? { ok: true, path, version }
      : { ok: false, reason: `ELECTRON_OVERRIDE_DIST_PATH is set, but ${path} does not exist` };
  }
  if (!packageDir) return { ok: false, reason: 'the electron package is not installed (run npm ci)' };
  const pathFile = join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : executableInDist();
  const path = join(packageDir, 'dist', relative);
  if (existsSync(path)) return { ok: true, path, version };
  return {
    ok: false,
    reason: `no Electron${version ? ` ${version}` : ''} executable at ${path} (it is downloaded on first use)`,
  };
}

/** Runs the electron package's own installer (the download `require('electron')` would do). */
export function downloadElectron(env = process.env) {
  const packageDir = electronPackageDir(env);
  if (!packageDir || !existsSync(join(packageDir, 'install.js')))
    return { ok: false, output: 'the electron package has no install.js' };
  const result = spawnSync(process.execPath, [join(packageDir, 'install.js')], {
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 15 * 60 * 1000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { ok: result.status === 0, output };
}

function readVersion(packageDir) {
  try {
    return JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version ?? null;
  } catch {
    return null;
  }
}
