// The process table, read from /proc: who is alive, who carries a run's marker, how much
// memory a process holds. Linux only, like the benchmark.
import { readdirSync, readFileSync } from 'node:fs';

/** Every process: pid, parent, group, session, state letter and command name. */
export function listProcesses() {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    const stat = readOrNull(`/proc/${name}/stat`);
    if (!stat) continue;
    // comm is in parentheses and may itself contain spaces or parentheses.
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    out.push({
      pid: Number(name),
      comm: stat.slice(stat.indexOf('(') + 1, close),
      state: fields[0],
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      sid: Number(fields[3]),
    });
  }
  return out;
}

/**
 * Live (non-zombie) processes whose environment holds `NAME=value` (the run's marker), or
 * any value of NAME when `marker` has no `=`. `comm`: only processes of that name (cheaper).
 */
export function markedProcesses(marker, { comm } = {}) {
  const out = [];
  for (const p of listProcesses()) {
    if (p.state === 'Z' || p.pid === process.pid || (comm && p.comm !== comm)) continue;
    if (hasMarker(p.pid, marker)) out.push(p);
  }
  return out;
}

/** Whether the process's environment holds the marker (see `markedProcesses`). */
export function hasMarker(pid, marker) {
  const environ = readBufferOrNull(`/proc/${pid}/environ`);
  if (!environ) return false;
  const needle = Buffer.from(marker.includes('=') ? `${marker}\0` : `${marker}=`);
  for (let at = environ.indexOf(needle); at >= 0; at = environ.indexOf(needle, at + 1))
    if (at === 0 || environ[at - 1] === 0) return true;
  return false;
}

/** Live processes whose command line contains every one of `parts`. */
export function processesByCommandLine(...parts) {
  const out = [];
  for (const p of listProcesses()) {
    if (p.state === 'Z' || p.pid === process.pid) continue;
    const cmdline = readOrNull(`/proc/${p.pid}/cmdline`);
    if (cmdline && parts.every((part) => cmdline.includes(part))) out.push(p);
  }
  return out;
}

/** Every live descendant of `root` (by parent links), root excluded. */
export function descendantsOf(root, table = listProcesses()) {
  const children = new Map();
  for (const p of table) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(p);
  }
  const out = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()) ?? []) {
      if (child.state !== 'Z') out.push(child);
      stack.push(child.pid);
    }
  }
  return out;
}

/** Resident and peak resident memory of a process, in bytes; null when it is gone. */
export function memoryOf(pid) {
  const status = readOrNull(`/proc/${pid}/status`);
  if (!status) return null;
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

export function isAlive(pid) {
  const stat = readOrNull(`/proc/${pid}/stat`);
  if (!stat) return false;
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
}

function readOrNull(path) {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

function readBufferOrNull(path) {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}
