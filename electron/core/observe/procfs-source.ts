/**
 * The Linux tree source: walks each root's tree through /proc/PID/task/TID/children (only
 * the tree's own files are read, however many processes the machine runs), reads each
 * member's stat, and matches the LISTEN inodes of /proc/net/tcp{,6} against the members'
 * fd links. Every read is asynchronous and a few at a time, so a tick never blocks the
 * event loop or floods the thread pool the log writes share.
 */
import { readdir, readFile, readlink } from 'node:fs/promises';
import { eachAtMost } from '../process-tree/process-table';
import type { ListeningSocket } from './observation';
import { parseProcNetTcp, socketInode, type ListenEntry } from './proc-net';
import { socketHolders } from './socket-holders';
import type { RawTree, TreeProcess, TreeSource } from './tree-source';

/** Reads kept in flight at once (the thread pool has 4 threads by default). */
const CONCURRENCY = 8;

/** Linux's USER_HZ and page size are fixed ABI values on every architecture Node runs on here. */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export function procfsTreeSource(proc = '/proc'): TreeSource {
  // Which fds to read this tick: only new processes', unless a LISTEN socket appears that nobody is known to hold.
  const holders = socketHolders();
  return {
    ticksPerSecond: TICKS_PER_SECOND,
    async read(roots) {
      const { trees, members } = await walkTrees(proc, roots);
      const listening = await listenEntries(proc);
      if (listening.size > 0) {
        const candidates = [...trees.values()].flatMap((t) => t.processes);
        const held = await holders.inodesOf(candidates, new Set(listening.keys()), async (pids) => {
          const out: number[][] = pids.map(() => []);
          await eachAtMost(CONCURRENCY, [...pids.keys()], async (at) => {
            out[at] = await socketInodes(proc, pids[at] as number);
          });
          return out;
        });
        for (const [pid, inodes] of held) {
          const tree = trees.get(members.get(pid) as number);
          for (const inode of inodes) {
            const entries = listening.get(inode);
            if (!entries || !tree) continue;
            for (const { address, port } of entries) tree.sockets.push({ address, port, pid });
          }
        }
      }
      const out = new Map<number, RawTree>();
      for (const [root, tree] of trees)
        out.set(root, { processes: tree.processes, sockets: uniqueSockets(tree.sockets) });
      return out;
    },
  };
}

type Tree = { processes: TreeProcess[]; sockets: ListeningSocket[] };

/**
 * Each root and every descendant still alive, all trees one level at a time (one batch of
 * reads per level); a root that is gone has no processes.
 */
async function walkTrees(
  proc: string,
  roots: readonly number[],
): Promise<{ trees: Map<number, Tree>; members: Map<number, number> }> {
  const trees = new Map<number, Tree>(roots.map((root) => [root, { processes: [], sockets: [] }]));
  const members = new Map<number, number>(); // pid -> its root
  let level = roots.map((pid) => ({ pid, root: pid }));
  while (level.length > 0) {
    const next: { pid: number; root: number }[] = [];
    await eachAtMost(CONCURRENCY, level, async ({ pid, root }) => {
      if (members.has(pid)) return; // reached twice (reparented between two reads): counted once
      const stat = await readStat(proc, pid);
      if (!stat) return;
      members.set(pid, root);
      trees.get(root)?.processes.push(stat);
      for (const child of await childrenOf(proc, pid)) next.push({ pid: child, root });
    });
    level = next;
  }
  return { trees, members };
}

async function readStat(proc: string, pid: number): Promise<TreeProcess | null> {
  let text: string;
  try {
    text = await readFile(`${proc}/${pid}/stat`, 'latin1');
  } catch {
    return null; // gone
  }
  return parseTreeStat(pid, text);
}

/** One /proc/PID/stat line: null for a zombie (dead, only waiting to be reaped). */
export function parseTreeStat(pid: number, stat: string): TreeProcess | null {
  // The command name is in parentheses and may itself contain spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const rssPages = Number(fields[21]);
  return {
    pid,
    startTime: fields[19] ?? '',
    cpuTicks: (Number.isFinite(utime) ? utime : 0) + (Number.isFinite(stime) ? stime : 0),
    rssBytes: Number.isFinite(rssPages) && rssPages > 0 ? rssPages * PAGE_BYTES : 0,
  };
}

/** Children of every thread of `pid` (a child forked by any thread counts, as in Go programs). */
async function childrenOf(proc: string, pid: number): Promise<number[]> {
  let tids: string[];
  try {
    tids = await readdir(`${proc}/${pid}/task`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const tid of tids) {
    try {
      for (const word of (await readFile(`${proc}/${pid}/task/${tid}/children`, 'latin1')).split(' ')) {
        if (word !== '') out.push(Number(word));
      }
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** LISTEN entries of tcp and tcp6 by inode. */
async function listenEntries(proc: string): Promise<Map<number, ListenEntry[]>> {
  const out = new Map<number, ListenEntry[]>();
  for (const file of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = await readFile(`${proc}/net/${file}`, 'latin1');
    } catch {
      continue; // no IPv6, for one
    }
    for (const entry of parseProcNetTcp(text)) {
      const list = out.get(entry.inode);
      if (list) list.push(entry);
      else out.set(entry.inode, [entry]);
    }
  }
  return out;
}

/** The socket inodes among `pid`'s open fds ([] when gone or not ours to read). */
export async function socketInodes(proc: string, pid: number): Promise<number[]> {
  let fds: string[];
  try {
    fds = await readdir(`${proc}/${pid}/fd`);
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const fd of fds) {
    try {
      const inode = socketInode(await readlink(`${proc}/${pid}/fd/${fd}`));
      if (inode !== null) out.push(inode);
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

/** One entry per (address, port), sorted by port then address. */
export function uniqueSockets(sockets: readonly ListeningSocket[]): ListeningSocket[] {
  const seen = new Map<string, ListeningSocket>();
  for (const s of sockets) {
    const key = `${s.address}|${s.port}`;
    if (!seen.has(key)) seen.set(key, s);
  }
  return [...seen.values()].sort((a, b) => a.port - b.port || a.address.localeCompare(b.address));
}
