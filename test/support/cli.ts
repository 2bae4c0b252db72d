/**
 * Runs the built `procdeck` command as a real process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = `${ROOT}bin/procdeck.js`;
export const PROJECTS = `${ROOT}test/fixtures/projects/`;

export interface CliRun {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout contains `text`. */
  waitForStdout(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves once stderr contains `text`. */
  waitForStderr(text: string | RegExp, timeoutMs?: number): Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function procdeck(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of [...waiters]) w();
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
    for (const w of [...waiters]) w();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitFor = (stream: string, read: () => string, text: string | RegExp, timeoutMs: number) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (typeof text === 'string' ? read().includes(text) : text.test(read())) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(
          new Error(`timed out waiting for ${String(text)} in ${stream}:\n${read()}\nstdout:\n${out}\nstderr:\n${err}`),
        );
      }, timeoutMs);
      waiters.add(check);
      void exited.then(() => setTimeout(check, 0));
      check();
    });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForStdout: (text, timeoutMs = 15_000) => waitFor('stdout', () => out, text, timeoutMs),
    waitForStderr: (text, timeoutMs = 15_000) => waitFor('stderr', () => err, text, timeoutMs),
  };
}

/** Runs to completion. */
export async function procdeckDone(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const run = procdeck(args, options);
  const { code } = await run.exited;
  return { code, stdout: run.stdout(), stderr: run.stderr() };
}
