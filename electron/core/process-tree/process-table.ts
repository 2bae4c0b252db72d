/**
 * A read of the OS process table: who is alive, in which group and session, and since when.
 *
 * Linux reads /proc directly (a few milliseconds for hundreds of processes); other Unix
 * systems fall back to `ps`. A process is identified by (pid, start time) so a reused
 * pid is never mistaken for the process we saw before.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface ProcessEntry {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Session id; -1 where the platform does not tell. */
  readonly sid: number;
  /** Opaque, stable for the life of the process. */
  readonly startTime: string;
  /** True for zombies: dead, only waiting to be reaped. */
  readonly zombie: boolean;
}

export interface ProcessTable {
  list(): ProcessEntry[];
  /** Pids whose environment holds exactly `NAME=value` (Linux only; [] elsewhere). */
  findByEnv(name: string, value: string): number[];
  /** The entry for `pid`, or null when it is gone. */
  get(pid: number): ProcessEntry | null;
}

export function systemProcessTable(): ProcessTable {
  return existsSync('/proc/self/stat') ? new ProcfsTable() : new PsTable();
}

class ProcfsTable implements ProcessTable {
  list(): ProcessEntry[] {
    const entries: ProcessEntry[] = [];
    for (const name of readdirSync('/proc')) {
      const code = name.charCodeAt(0);
      if (code < 48 || code > 57) continue;
      const entry = this.get(Number(name));
      if (entry) entries.push(entry);
    }
    return entries;
  }

  get(pid: number): ProcessEntry | null {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    } catch {
      return null;
    }
    // The command name is in parentheses and may itself contain spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {
      pid,
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      sid: Number(fields[3]),
      startTime: fields[19] ?? '',
      zombie: fields[0] === 'Z' || fields[0] === 'X',
    };
  }

  findByEnv(name: string, value: string): number[] {
    return withValue(environValues(name), value);
  }
}

class PsTable implements ProcessTable {
  list(): ProcessEntry[] {
    let out: string;
    try {
      out = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,stat=,lstart='], { encoding: 'utf8' });
    } catch {
      return [];
    }
    const entries: ProcessEntry[] = [];
    for (const line of out.split('\n')) {
      const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
      if (!m) continue;
      entries.push({
        pid: Number(m[1]),
        ppid: Number(m[2]),
        pgid: Number(m[3]),
        sid: -1,
        startTime: (m[5] ?? '').trim(),
        zombie: (m[4] ?? '').startsWith('Z'),
      });
    }
    return entries;
  }

  get(pid: number): ProcessEntry | null {
    return this.list().find((e) => e.pid === pid) ?? null;
  }

  findByEnv(): number[] {
    return [];
  }
}

/** Every process below `root` in the parent tree (not `root` itself). */
export function descendantsOf(root: number, entries: readonly ProcessEntry[]): ProcessEntry[] {
  const children = new Map<number, ProcessEntry[]>();
  for (const e of entries) {
    const list = children.get(e.ppid);
    if (list) list.push(e);
    else children.set(e.ppid, [e]);
  }
  const out: ProcessEntry[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.pop() as number) ?? []) {
      if (child.pid === root) continue;
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/**
 * One read of the process table shared by every caller until the event loop moves on
 * (setImmediate): the N reapers of a stop-all (one synchronous loop), and those whose
 * poll timers fire together, read /proc once instead of N times each, and search the
 * environments once for every tag instead of once per tag.
 */
export function sharedProcessTable(inner: ProcessTable): ProcessTable {
  let stale = true;
  let entries: ProcessEntry[] = [];
  let byPid = new Map<number, ProcessEntry>();
  let env: { name: string; values: Map<number, string> } | null = null;
  const expire = () => {
    stale = true;
    env = null;
  };
  const fresh = () => {
    if (stale) {
      entries = inner.list();
      byPid = new Map(entries.map((e) => [e.pid, e]));
      setImmediate(expire);
      stale = false;
    }
  };
  return {
    list: () => {
      fresh();
      return entries;
    },
    get: (pid) => {
      fresh();
      return byPid.get(pid) ?? null;
    },
    findByEnv: (name, value) => {
      fresh();
      if (!env || env.name !== name) env = { name, values: environValues(name) };
      return withValue(env.values, value);
    },
  };
}

function withValue(values: ReadonlyMap<number, string>, value: string): number[] {
  const pids: number[] = [];
  for (const [pid, v] of values) if (v === value) pids.push(pid);
  return pids;
}

/** Every process's value of the variable `name` (Linux; empty where /proc cannot be read). */
function environValues(name: string): Map<number, string> {
  const needle = Buffer.from(`${name}=`, 'latin1');
  const out = new Map<number, string>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const entry of entries) {
    const code = entry.charCodeAt(0);
    if (code < 48 || code > 57) continue;
    let environ: Buffer;
    try {
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue;
    }
    for (let at = environ.indexOf(needle); at >= 0; at = environ.indexOf(needle, at + 1)) {
      if (at !== 0 && environ[at - 1] !== 0) continue;
      const end = environ.indexOf(0, at);
      out.set(Number(entry), environ.toString('latin1', at + needle.length, end < 0 ? environ.length : end));
      break;
    }
  }
  return out;
}
