/**
 * Runs `procdeck serve` for a spec: spawned directly (node bin/procdeck.js, no npx
 * wrapper), its URL read from stdout, stopped by its pid with SIGINT (the graceful path a
 * user takes), SIGKILL only if it hangs. Logs go to a temporary folder removed after.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../../..');
export const FIXTURES = resolve(REPO, 'test/e2e/fixtures');

export interface Served {
  /** The page URL, token included (`http://127.0.0.1:PORT/#token=…`). */
  readonly url: string;
  readonly origin: string;
  readonly host: string;
  readonly port: number;
  readonly token: string;
  readonly pid: number;
  /** Where serve writes each instance's full log (`<project>-<hash>/web.1.log`). */
  readonly logDir: string;
  /** Everything serve printed so far. */
  output(): string;
  /** SIGINT, wait for the formation to stop and serve to exit; SIGKILL after `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface ServeOptions {
  /** Project directory argument; none: serve starts with no project (unless cwd has a Procfile). */
  readonly dir?: string;
  readonly cwd?: string;
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** The web view's port (default: a free one) and token (default: a new one), to restart a server in place. */
  readonly port?: number;
  readonly token?: string;
}

let counter = 0;

/**
 * Every `procdeck serve` this Playwright worker started: their children carry a
 * `PROCDECK_TAG` beginning with the host's pid, which is how a spec tells its own fixture
 * processes from another worker's (support/processes.ts).
 */
export const servedPids = new Set<number>();

export async function startServe(options: ServeOptions = {}): Promise<Served> {
  const token = options.token ?? `e2e-${process.pid}-${++counter}-${Math.random().toString(36).slice(2)}`;
  const logDir = mkdtempSync(join(tmpdir(), 'procdeck-e2e-logs-'));
  const args = [
    join(REPO, 'bin/procdeck.js'),
    'serve',
    ...(options.dir ? [options.dir] : []),
    '--listen-port',
    String(options.port ?? 0),
    '--log-dir',
    logDir,
    ...(options.args ?? []),
  ];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, ...options.env, PROCDECK_SERVE_TOKEN: token },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) servedPids.add(child.pid);
  let text = '';
  child.stdout?.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (text += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const cleanup = () => rmSync(logDir, { recursive: true, force: true });

  try {
    const url = await waitFor(
      child,
      () => /procdeck serve: open (http:\/\/\S+)/.exec(text)?.[1] ?? null,
      15_000,
      () => text,
    );
    if (options.dir)
      await waitFor(
        child,
        () => (/procdeck serve: running|procdeck: /.test(text) ? true : null),
        15_000,
        () => text,
      );
    const parsed = new URL(url);
    return {
      url,
      origin: parsed.origin,
      host: parsed.host,
      port: Number(parsed.port),
      token,
      pid: child.pid as number,
      logDir,
      output: () => text,
      async stop(timeoutMs = 15_000) {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGINT');
          const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
          await exited;
          clearTimeout(timer);
        }
        cleanup();
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanup();
    throw error;
  }
}

function waitFor<T>(child: ChildProcess, probe: () => T | null, timeoutMs: number, log: () => string): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const deadline = Date.now() + timeoutMs;
    const tick = () => {
      const value = probe();
      if (value !== null) return resolvePromise(value);
      if (child.exitCode !== null || child.signalCode !== null)
        return reject(new Error(`procdeck serve exited early:\n${log()}`));
      if (Date.now() > deadline) return reject(new Error(`procdeck serve did not get ready:\n${log()}`));
      setTimeout(tick, 25);
    };
    tick();
  });
}
