/**
 * The OS process table as tests see it, read with `ps` — independently of the core's
 * own /proc reader, so a bug there cannot hide a leak here.
 */
import { execFileSync } from 'node:child_process';

export interface PsEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  readonly stat: string;
  readonly command: string;
}

export function psTable(): PsEntry[] {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,pgid=,stat=,args='], { encoding: 'utf8' });
  const entries: PsEntry[] = [];
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s?(.*)$/.exec(line);
    if (m) entries.push({ pid: +m[1]!, ppid: +m[2]!, pgid: +m[3]!, stat: m[4]!, command: m[5] ?? '' });
  }
  return entries;
}

/** Alive and not a zombie. */
export function isAlive(pid: number): boolean {
  return psTable().some((e) => e.pid === pid && !e.stat.startsWith('Z'));
}

/** Live processes in the process group `pgid`. */
export function groupMembers(pgid: number, table: readonly PsEntry[] = psTable()): PsEntry[] {
  return table.filter((e) => e.pgid === pgid && !e.stat.startsWith('Z'));
}

/** Live descendants of `pid` (not `pid` itself). */
export function descendants(pid: number, all: readonly PsEntry[] = psTable()): PsEntry[] {
  const table = all.filter((e) => !e.stat.startsWith('Z'));
  const out: PsEntry[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const parent = queue.pop() as number;
    for (const e of table) {
      if (e.ppid === parent && e.pid !== pid) {
        out.push(e);
        queue.push(e.pid);
      }
    }
  }
  return out;
}

/** Kills leftovers by pid (never by name) so one failing test cannot poison the next. */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone already
    }
  }
}
