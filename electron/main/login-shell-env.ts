/**
 * The environment a user's terminal would have, for an app started from the Dock, Finder
 * or a desktop launcher: those get a bare PATH (`/usr/bin:/bin:…`), so `bundle`, `npm` or
 * `rails` in a Procfile would not be found. Like VS Code, ask the user's login shell
 * once (`$SHELL -ilc env`), with a time limit, and fall back to our own environment.
 *
 * Started from a terminal (`npm start`, `procdeck` on the command line: TERM is set), the
 * environment is already right and nothing is run.
 */
import { execFile } from 'node:child_process';

const MARK = '__PROCDECK_ENV__';

export function needsLoginShellEnv(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  return (platform === 'darwin' || platform === 'linux') && !env.TERM && !env.PROCDECK_NO_SHELL_ENV;
}

/** Parses `MARK` + `env -0` output: NUL-separated KEY=value pairs. */
export function parseEnvOutput(output: string): Record<string, string> | null {
  const start = output.indexOf(MARK);
  if (start < 0) return null;
  const env: Record<string, string> = {};
  for (const entry of output.slice(start + MARK.length).split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return Object.keys(env).length > 0 ? env : null;
}

/** The login shell's variables over ours (ours win for the Electron-specific ones); ours on any failure. */
export function loginShellEnv(env: NodeJS.ProcessEnv, timeoutMs = 4000): Promise<Record<string, string>> {
  const own: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) own[key] = value;
  const shell = env.SHELL || '/bin/sh';
  return new Promise((resolve) => {
    execFile(
      shell,
      ['-ilc', `printf '%s' '${MARK}'; env -0`],
      { env: own, timeout: timeoutMs, maxBuffer: 4 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout) => {
        const shellEnv = error ? null : parseEnvOutput(stdout);
        if (!shellEnv) return resolve(own);
        // Keep what Electron or the launcher set for us; take the rest (PATH above all) from the shell.
        const keep = ['ELECTRON_', 'CHROME_', 'XDG_SESSION', 'DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS'];
        const merged = { ...own };
        for (const [key, value] of Object.entries(shellEnv)) {
          if (key === 'SHLVL' || key === '_' || key === 'PWD' || key === 'OLDPWD') continue;
          if (keep.some((prefix) => key.startsWith(prefix)) && key in own) continue;
          merged[key] = value;
        }
        resolve(merged);
      },
    );
  });
}
