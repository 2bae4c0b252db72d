/**
 * The OS process table, read from /proc: whether a pid is alive, its environment, and
 * which processes run inside the e2e fixtures (to prove nothing outlives a spec).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { FIXTURES, servedPids } from './serve';

/** Alive and not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

export function environOf(pid: number): Record<string, string> {
  const raw = readFileSync(`/proc/${pid}/environ`, 'utf8');
  const env: Record<string, string> = {};
  for (const entry of raw.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

export interface ProcessInfo {
  readonly pid: number;
  readonly cmd: string;
  readonly cwd: string;
}

/**
 * Live processes whose working directory is inside test/e2e/fixtures and that one of this
 * worker's `procdeck serve` hosts started (their tag names the host's pid): specs run two at
 * a time, and another worker's processes are not this spec's survivors.
 */
export function fixtureProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (!cwd.startsWith(FIXTURES) || !isAlive(pid) || !startedHere(pid)) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      found.push({ pid, cmd, cwd });
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return found;
}

/** Whether the process's `PROCDECK_TAG` names one of this worker's serve hosts (`<host pid>-<random>/<n>`). */
function startedHere(pid: number): boolean {
  const tag = environOf(pid).PROCDECK_TAG;
  const host = tag ? Number(tag.slice(0, tag.indexOf('-'))) : NaN;
  return servedPids.has(host);
}

/** Waits until `predicate` holds (polling the process table), or throws after `timeoutMs`. */
export async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
