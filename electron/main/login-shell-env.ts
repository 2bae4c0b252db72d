/**
 * The environment a user's terminal would have, for an app started from the Dock, Finder
 * or a desktop launcher: those get a bare PATH (`/usr/bin:/bin:…`), so `bundle`, `npm` or
 * `rails` in a Procfile would not be found. Like VS Code, ask the user's login shell
 * once (`$SHELL -ilc env`), and fall back to our own environment.
 *
 * The limit is hard: an interactive shell ignores SIGTERM, and an rc file may wait for
 * input or start a background job that keeps the output open. The probe runs in its own
 * process group with no stdin, and at the limit the whole group gets SIGKILL; the answer
 * (ours, with a notice saying why) comes at the limit whatever the shell does.
 *
 * Started from a terminal (`npm start`, `procdeck` on the command line: TERM is set), the
 * environment is already right and nothing is run.
 */
import { spawn } from 'node:child_process';

const MARK = '__PROCDECK_ENV__';
const MAX_OUTPUT = 4 * 1024 * 1024;
export const LOGIN_SHELL_LIMIT_MS = 4000;

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

export interface ShellEnvOutcome {
  readonly env: Record<string, string>;
  /** Null when the login shell answered; else why Procdeck's own environment is used. */
  readonly notice: string | null;
  /** The probe's pid (its process group), for tests; null when it could not start. */
  readonly pid: number | null;
}

/** The login shell's variables over ours (ours win for the Electron-specific ones); ours, with a notice, on any failure. */
export function loginShellEnv(env: NodeJS.ProcessEnv, timeoutMs = LOGIN_SHELL_LIMIT_MS): Promise<ShellEnvOutcome> {
  const own: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) own[key] = value;
  const shell = env.SHELL || '/bin/sh';
  const fallback = (pid: number | null, why: string): ShellEnvOutcome => ({
    env: own,
    pid,
    notice: `Could not read your login shell's environment (${shell}: ${why}); processes get the environment Procdeck was started with, so commands your shell's PATH finds may be missing.`,
  });
  return new Promise((resolve) => {
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(shell, ['-ilc', `printf '%s' '${MARK}'; env -0`], {
        env: own,
        stdio: ['ignore', 'pipe', 'ignore'],
        detached: true,
      });
    } catch (error) {
      resolve(fallback(null, (error as Error).message));
      return;
    }
    const pid = child.pid ?? null;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (outcome: ShellEnvOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // Whatever the shell left in its group (a background job from an rc file) goes too.
      killGroup(pid);
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish(fallback(pid, `no answer within ${Math.round(timeoutMs / 1000)} s`)),
      timeoutMs,
    );
    child.on('error', (error) => finish(fallback(pid, error.message)));
    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OUTPUT) return finish(fallback(pid, 'too much output'));
      chunks.push(chunk);
    });
    let exit = 'no environment printed';
    child.on('exit', (code, signal) => {
      exit = signal ? `ended by ${signal}` : `exit code ${code ?? '?'}, no environment printed`;
      // A background job from an rc file may hold the output open: don't wait for it.
      setTimeout(() => killGroup(pid), 250).unref();
    });
    child.on('close', () => {
      const shellEnv = parseEnvOutput(Buffer.concat(chunks).toString('utf8'));
      finish(shellEnv ? { env: mergeShellEnv(own, shellEnv), notice: null, pid } : fallback(pid, exit));
    });
  });
}

/** Keep what Electron or the launcher set for us; take the rest (PATH above all) from the shell. */
export function mergeShellEnv(
  own: Readonly<Record<string, string>>,
  shellEnv: Readonly<Record<string, string>>,
): Record<string, string> {
  const keep = ['ELECTRON_', 'CHROME_', 'XDG_SESSION', 'DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS'];
  const merged = { ...own };
  for (const [key, value] of Object.entries(shellEnv)) {
    if (key === 'SHLVL' || key === '_' || key === 'PWD' || key === 'OLDPWD') continue;
    if (keep.some((prefix) => key.startsWith(prefix)) && key in own) continue;
    merged[key] = value;
  }
  return merged;
}

function killGroup(pid: number | null): void {
  if (pid === null) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
