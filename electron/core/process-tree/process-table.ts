/**
 * A read of the OS process table: who is alive, in which group and session, and since when.
 *
 * Linux reads /proc directly (a few milliseconds for hundreds of processes); other Unix
 * systems fall back to `ps`. A process is identified by (pid, start time) so a reused
 * pid is never mistaken for the process we saw before.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirNames, fileText, procReads, type ProcReads } from './proc-reads';

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

/** One read of the whole table, and of the variables asked for. */
export interface TableScan {
  readonly entries: readonly ProcessEntry[];
  /** Per variable name asked for: each process's value of it (Linux only; empty elsewhere). */
  readonly env: ReadonlyMap<string, ReadonlyMap<number, string>>;
}

export interface ProcessTable {
  /**
   * The table read without blocking the event loop (the supervisor's host also drives
   * the UI): the reads go to the thread pool, a few at a time. With `envNames`, also
   * each process's value of those variables, read only from processes that started
   * after this host did (nothing older can carry a tag this host handed out).
   */
  scan(envNames: readonly string[]): Promise<TableScan>;
  list(): ProcessEntry[];
  /** Pids whose environment holds exactly `NAME=value` (Linux only; [] elsewhere). */
  findByEnv(name: string, value: string): number[];
  /** The entry for `pid`, or null when it is gone. */
  get(pid: number): ProcessEntry | null;
}

/** `reads`: how /proc is read on Linux (tests compare the worker with the in-process reads). */
export function systemProcessTable(reads?: ProcReads): ProcessTable {
  return existsSync('/proc/self/stat') ? new ProcfsTable(reads) : new PsTable();
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
    try {
      return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'latin1'));
    } catch {
      return null;
    }
  }

  /** `reads`: the host's shared reader unless given (taken on the first scan, so a table only read with `get` starts no worker). */
  constructor(private readonly given?: ProcReads) {}

  private get reads(): ProcReads {
    return this.given ?? procReads();
  }

  // Three batches off the event loop (proc-reads.ts): the pids, their stat lines, and the
  // environments of those started after this host.
  async scan(envNames: readonly string[]): Promise<TableScan> {
    const entries: ProcessEntry[] = [];
    const env = new Map(envNames.map((name) => [name, new Map<number, string>()]));
    const names = dirNames((await this.reads.read([{ kind: 'dir', path: '/proc' }]))[0]);
    if (!names) return { entries, env };
    const pids = names.filter((name) => name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57).map(Number);
    const stats = await this.reads.read(pids.map((pid) => ({ kind: 'file', path: `/proc/${pid}/stat` })));
    const since = envNames.length > 0 ? hostStartTicks() : 0;
    const tagged: number[] = [];
    pids.forEach((pid, at) => {
      const stat = fileText(stats[at]);
      if (stat === null) return; // gone
      const entry = parseStat(pid, stat);
      entries.push(entry);
      if (envNames.length > 0 && !entry.zombie && Number(entry.startTime) >= since) tagged.push(pid);
    });
    if (tagged.length === 0) return { entries, env };
    const environs = await this.reads.read(tagged.map((pid) => ({ kind: 'file', path: `/proc/${pid}/environ` })));
    tagged.forEach((pid, at) => {
      const environ = fileText(environs[at]);
      if (environ === null) return; // gone, or not ours to read
      for (const [name, values] of env) {
        const value = valueIn(environ, name);
        if (value !== null) values.set(pid, value);
      }
    });
    return { entries, env };
  }

  findByEnv(name: string, value: string): number[] {
    return withValue(environValues(name), value);
  }
}

const PS_ARGS = ['-A', '-o', 'pid=,ppid=,pgid=,stat=,lstart='];

class PsTable implements ProcessTable {
  list(): ProcessEntry[] {
    try {
      return parsePs(execFileSync('ps', PS_ARGS, { encoding: 'utf8' }));
    } catch {
      return [];
    }
  }

  scan(envNames: readonly string[]): Promise<TableScan> {
    const env = new Map(envNames.map((name) => [name, new Map<number, string>()]));
    return new Promise((resolve) => {
      execFile('ps', PS_ARGS, { encoding: 'utf8' }, (error, out) =>
        resolve({ entries: error ? [] : parsePs(out), env }),
      );
    });
  }

  get(pid: number): ProcessEntry | null {
    return this.list().find((e) => e.pid === pid) ?? null;
  }

  findByEnv(): number[] {
    return [];
  }
}

function parsePs(out: string): ProcessEntry[] {
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

/** One line of /proc/PID/stat. */
function parseStat(pid: number, stat: string): ProcessEntry {
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

let hostStart: number | null = null;
/** This process's start time in clock ticks since boot (the unit of ProcessEntry.startTime on Linux). */
function hostStartTicks(): number {
  hostStart ??= Number(new ProcfsTable().get(process.pid)?.startTime ?? 0) || 0;
  return hostStart;
}

export async function eachAtMost<T>(
  limit: number,
  items: readonly T[],
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

/** Lookups over one read of the table. */
export interface TableIndex {
  readonly byPid: ReadonlyMap<number, ProcessEntry>;
  /** By parent pid: the children. */
  readonly children: ReadonlyMap<number, readonly ProcessEntry[]>;
  /** By process group id, and by session id: the members. */
  readonly byGroup: ReadonlyMap<number, readonly ProcessEntry[]>;
  readonly bySession: ReadonlyMap<number, readonly ProcessEntry[]>;
}

const indexes = new WeakMap<readonly ProcessEntry[], { readonly length: number; readonly index: TableIndex }>();

/**
 * The index of `entries`, built once per array and shared by every caller holding the
 * same array: the 50 reapers of a stop-all read the same scan, and each used to rebuild
 * these maps over all of the table's entries for every root it looked below — with 500
 * other processes on the machine, most of a stop-all's time on the event loop (bench/,
 * workload 7). Rebuilt if the array has grown since (an array is not meant to change
 * once read, but a changed length must never give a stale answer).
 */
export function indexTable(entries: readonly ProcessEntry[]): TableIndex {
  const cached = indexes.get(entries);
  if (cached && cached.length === entries.length) return cached.index;
  const byPid = new Map<number, ProcessEntry>();
  const children = new Map<number, ProcessEntry[]>();
  const byGroup = new Map<number, ProcessEntry[]>();
  const bySession = new Map<number, ProcessEntry[]>();
  const add = (map: Map<number, ProcessEntry[]>, key: number, e: ProcessEntry) => {
    const list = map.get(key);
    if (list) list.push(e);
    else map.set(key, [e]);
  };
  for (const e of entries) {
    byPid.set(e.pid, e);
    add(children, e.ppid, e);
    add(byGroup, e.pgid, e);
    add(bySession, e.sid, e);
  }
  const index = { byPid, children, byGroup, bySession };
  indexes.set(entries, { length: entries.length, index });
  return index;
}

/** Every process below `root` in the parent tree (not `root` itself). */
export function descendantsOf(root: number, entries: readonly ProcessEntry[]): ProcessEntry[] {
  const { children } = indexTable(entries);
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
 *
 * `scan` is shared the same way, and never hands out a stale read: every caller gets a
 * scan that began after it asked. Callers join the scan that has not begun yet (it begins
 * on the next turn, so a whole synchronous loop of callers shares it); while one is
 * running, the next is queued behind it, so at most one scan runs at a time however many
 * reapers poll.
 */
export function sharedProcessTable(inner: ProcessTable): ProcessTable {
  let stale = true;
  let entries: ProcessEntry[] = [];
  let env: { name: string; values: Map<number, string> } | null = null;
  const expire = () => {
    stale = true;
    env = null;
  };
  const fresh = () => {
    if (stale) {
      entries = inner.list();
      setImmediate(expire);
      stale = false;
    }
  };
  let running: Promise<unknown> = Promise.resolve();
  let waiting: {
    readonly names: Set<string>;
    readonly result: Promise<TableScan>;
  } | null = null;
  return {
    scan: (envNames) => {
      if (!waiting) {
        const names = new Set<string>();
        const result = running.then(
          () =>
            new Promise<TableScan>((resolve, reject) => {
              // Begins on the next turn: every caller of this one has joined by then.
              setImmediate(() => {
                if (waiting?.result === result) waiting = null;
                inner.scan([...names]).then(resolve, reject);
              });
            }),
        );
        waiting = { names, result };
        running = result.catch(() => undefined);
      }
      for (const name of envNames) waiting.names.add(name);
      return waiting.result;
    },
    list: () => {
      fresh();
      return entries;
    },
    // One small file, read now: never the whole table for one pid (a run's start asks for each of 50 spawned in one turn).
    get: (pid) => inner.get(pid),
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
    let environ: string;
    try {
      environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
    } catch {
      continue;
    }
    const value = valueIn(environ, name);
    if (value !== null) out.set(Number(entry), value);
  }
  return out;
}

/** The value of `name` in a NUL-separated environment block (latin1, as read), or null when it is not set. */
function valueIn(environ: string, name: string): string | null {
  const needle = `${name}=`;
  for (let at = environ.indexOf(needle); at >= 0; at = environ.indexOf(needle, at + 1)) {
    if (at !== 0 && environ.charCodeAt(at - 1) !== 0) continue;
    const end = environ.indexOf('\0', at);
    return environ.slice(at + needle.length, end < 0 ? environ.length : end);
  }
  return null;
}
