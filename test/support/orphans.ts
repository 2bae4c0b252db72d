/**
 * "No orphans", as the reliability suite defines it: every process of a tree, recorded
 * as (pid, start time) before the fault, is gone afterwards, and no new process lives in
 * their process groups. Reads /proc itself (not the core's reader).
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface TreeMember {
  readonly pid: number;
  readonly pgid: number;
  readonly start: string;
}

function stat(pid: number): { ppid: number; pgid: number; start: string; zombie: boolean } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), pgid: Number(f[2]), start: f[19] ?? '', zombie: f[0] === 'Z' };
  } catch {
    return null;
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map(Number);
}

/** The roots and everything below them, now. */
export function snapshotTree(roots: readonly number[]): TreeMember[] {
  const entries = allPids().flatMap((pid) => {
    const s = stat(pid);
    return s && !s.zombie ? [{ pid, ...s }] : [];
  });
  const members = new Map<number, TreeMember>();
  const queue = [...roots];
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    const self = entries.find((e) => e.pid === pid);
    if (self && !members.has(pid)) members.set(pid, { pid, pgid: self.pgid, start: self.start });
    for (const child of entries) if (child.ppid === pid && !members.has(child.pid)) queue.push(child.pid);
  }
  return [...members.values()];
}

/** Members of the snapshot still alive (same pid and start time), and strangers now in their groups. */
export function survivors(snapshot: readonly TreeMember[]): string[] {
  const out: string[] = [];
  for (const m of snapshot) {
    const s = stat(m.pid);
    if (s && !s.zombie && s.start === m.start) out.push(`pid ${m.pid} is still alive`);
  }
  const groups = new Set(snapshot.map((m) => m.pgid));
  for (const pid of allPids()) {
    const s = stat(pid);
    if (s && !s.zombie && groups.has(s.pgid) && !snapshot.some((m) => m.pid === pid))
      out.push(`pid ${pid} lives in group ${s.pgid}`);
  }
  return out;
}
