// Launching a measured command, and making sure nothing it started outlives the run.
//
// Every command runs in its own process group with a marker variable in its environment
// (inherited by everything it starts), so the run can find its processes by pid in the
// process table, and kill exactly those, whatever the command did with process groups.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { descendantsOf, isAlive, listProcesses, markedProcesses, processesByCommandLine } from './proc-table.mjs';

export const MARKER_VARIABLE = 'PROCDECK_BENCH_RUN';

/** Commands launched and not yet cleaned up (for an interrupted benchmark). */
const active = new Set();

/** Wall-clock milliseconds (epoch), comparable with the children's own timestamps. */
export const now = () => performance.timeOrigin + performance.now();

/**
 * Starts `argv` with stdout to `stdoutPath` (or /dev/null) and stderr to `stderrPath`.
 * Returns the handle: pid, marker, start time, and `exited` (resolves with code, signal, time).
 */
export function launch({ argv, cwd, env = {}, stdoutPath = '/dev/null', stderrPath = '/dev/null', stdin = 'ignore' }) {
  const marker = `${MARKER_VARIABLE}=${randomBytes(6).toString('hex')}`;
  const [name, value] = marker.split('=');
  const out = openSync(stdoutPath, 'w');
  const err = openSync(stderrPath, 'w');
  const startedAt = now();
  const child = spawn(argv[0], argv.slice(1), {
    cwd,
    env: { ...process.env, ...env, [name]: value },
    stdio: [stdin, out, err],
    detached: true,
  });
  closeSync(out);
  closeSync(err);
  const handle = { child, pid: child.pid, marker, startedAt, stderrPath, exited: null };
  handle.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: now() }));
    child.once('error', (error) => resolve({ code: null, signal: null, at: now(), error: error.message }));
  });
  active.add(handle);
  return handle;
}

/** Kills, by pid, every process of every command not yet cleaned up (the benchmark was interrupted). */
export function killEverythingActive() {
  for (const handle of active) {
    tryKill(-handle.pid, 'SIGKILL');
    for (const p of markedProcesses(handle.marker)) tryKill(p.pid, 'SIGKILL');
  }
  active.clear();
}

/** Resolves true when `predicate()` holds, polling every `everyMs`; false at the deadline. */
export async function waitFor(predicate, { timeoutMs, everyMs = 5 }) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (predicate()) return true;
    if (performance.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

/**
 * Ends the run: SIGKILL to the command's group and to every process still carrying the
 * marker, each by pid, plus a Procdeck lifeline the command left. Returns the pids that
 * had to be killed (a clean run returns none) and throws if any survives.
 */
export async function cleanUp(handle, { graceMs = 3000 } = {}) {
  // Give a command that was told to stop time to finish by itself.
  await Promise.race([handle.exited, sleep(graceMs)]);
  const leftovers = () => [
    ...markedProcesses(handle.marker),
    ...processesByCommandLine('procdeck-lifeline', `${handle.pid}-`),
    ...(isAlive(handle.pid) ? [{ pid: handle.pid, comm: 'command' }] : []),
  ];
  // A lifeline sweeps for up to ~1 s after its host exits: give it that.
  await waitFor(() => leftovers().length === 0, { timeoutMs: 1500, everyMs: 20 });
  const killed = leftovers();
  if (killed.length > 0) {
    tryKill(-handle.pid, 'SIGKILL');
    for (const p of killed) tryKill(p.pid, 'SIGKILL');
    await waitFor(() => leftovers().length === 0, { timeoutMs: 3000, everyMs: 20 });
  }
  const survivors = leftovers();
  if (survivors.length === 0) active.delete(handle);
  if (survivors.length > 0)
    throw new Error(`processes survived SIGKILL: ${survivors.map((p) => `${p.pid} (${p.comm})`).join(', ')}`);
  await handle.exited;
  return killed.map((p) => `${p.pid} (${p.comm})`);
}

/** Sends a signal to the command's process group, as a terminal's Ctrl-C would. */
export function signalGroup(handle, signal) {
  tryKill(-handle.pid, signal);
}

export function tryKill(target, signal) {
  try {
    process.kill(target, signal);
  } catch {
    // ESRCH: already gone.
  }
}

export function tail(path, lines = 5) {
  try {
    return readFileSync(path, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export { descendantsOf, listProcesses };
