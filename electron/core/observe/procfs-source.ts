/**
 * The Linux tree source: walks each root's tree through /proc/PID/task/TID/children (only
 * the tree's own files are read, however many processes the machine runs), reads each
 * member's stat, and matches the LISTEN inodes of /proc/net/tcp{,6} against the members'
 * fd links. The reads go in batches to the host's /proc reader (proc-reads.ts, a worker
 * thread): a tick costs the event loop a few messages, never a callback per file, and
 * never floods the thread pool the log writes share.
 */
import { dirNames, fileText, procReads, type ProcRead, type ProcReads } from '../process-tree/proc-reads';
import type { ListeningSocket } from './observation';
import { parseProcNetTcp, socketInode, type ListenEntry } from './proc-net';
import { socketHolders } from './socket-holders';
import type { RawTree, TreeProcess, TreeSource } from './tree-source';

/** Linux's USER_HZ and page size are fixed ABI values on every architecture Node runs on here. */
const TICKS_PER_SECOND = 100;
const PAGE_BYTES = 4096;

export function procfsTreeSource(proc = '/proc', reads: ProcReads = procReads()): TreeSource {
  // Which fds to read this tick: only new processes', unless a LISTEN socket appears that nobody is known to hold.
  const holders = socketHolders();
  return {
    ticksPerSecond: TICKS_PER_SECOND,
    async read(roots) {
      const { trees, members } = await walkTrees(reads, proc, roots);
      const listening = await listenEntries(reads, proc);
      if (listening.size > 0) {
        const candidates = [...trees.values()].flatMap((t) => t.processes);
        const held = await holders.inodesOf(candidates, new Set(listening.keys()), (pids) =>
          socketInodesOf(reads, proc, pids),
        );
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
 * Each root and every descendant still alive, all trees one level at a time; a root that is
 * gone has no processes. Per level: the stat lines (kept open: re-read every tick), then the
 * children of each single-threaded process (kept, tied to the process by its start time) and
 * the thread lists of the others, then those threads' children. Most processes have one
 * thread, so their level costs two kept reads and no directory listing.
 */
async function walkTrees(
  reads: ProcReads,
  proc: string,
  roots: readonly number[],
): Promise<{ trees: Map<number, Tree>; members: Map<number, number> }> {
  const trees = new Map<number, Tree>(roots.map((root) => [root, { processes: [], sockets: [] }]));
  const members = new Map<number, number>(); // pid -> its root
  let level = roots.map((pid) => ({ pid, root: pid }));
  while (level.length > 0) {
    // Reached twice (reparented between two reads, or a root below another): counted once.
    const taken = new Set<number>();
    const fresh = level.filter(({ pid }) => !members.has(pid) && !taken.has(pid) && taken.add(pid));
    const stats = await reads.read(
      fresh.map(({ pid }): ProcRead => ({ kind: 'file', path: `${proc}/${pid}/stat`, keep: String(pid) })),
    );
    const found: { pid: number; root: number; read: ProcRead; threads: number }[] = [];
    fresh.forEach(({ pid, root }, at) => {
      const text = fileText(stats[at]);
      const stat = text === null ? null : parseTreeStat(pid, text);
      if (!stat) return; // gone, or a zombie
      members.set(pid, root);
      trees.get(root)?.processes.push(stat.process);
      found.push({
        pid,
        root,
        threads: stat.threads,
        read:
          stat.threads === 1
            ? { kind: 'file', path: `${proc}/${pid}/task/${pid}/children`, keep: `${pid}:${stat.process.startTime}` }
            : { kind: 'dir', path: `${proc}/${pid}/task` },
      });
    });
    const answers = await reads.read(found.map(({ read }) => read));
    const next: { pid: number; root: number }[] = [];
    const childrenOf = (text: string | null, root: number) => {
      for (const word of (text ?? '').split(' ')) if (word !== '') next.push({ pid: Number(word), root });
    };
    // Children of every thread of the others (a child forked by any thread counts, as in Go programs).
    const threads: { pid: number; root: number; tid: string }[] = [];
    found.forEach(({ pid, root, threads: count }, at) => {
      if (count === 1) childrenOf(fileText(answers[at]), root);
      else for (const tid of dirNames(answers[at]) ?? []) threads.push({ pid, root, tid });
    });
    if (threads.length > 0) {
      const children = await reads.read(
        threads.map(({ pid, tid }) => ({ kind: 'file', path: `${proc}/${pid}/task/${tid}/children` })),
      );
      threads.forEach(({ root }, at) => childrenOf(fileText(children[at]), root));
    }
    level = next;
  }
  return { trees, members };
}

/**
 * One /proc/PID/stat line: the process's figures and its thread count (1 when the field
 * cannot be read); null for a zombie (dead, only waiting to be reaped).
 */
function parseTreeStat(pid: number, stat: string): { process: TreeProcess; threads: number } | null {
  // The command name is in parentheses and may itself contain spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  if (fields[0] === 'Z' || fields[0] === 'X') return null;
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  const threads = Number(fields[17]);
  const rssPages = Number(fields[21]);
  return {
    process: {
      pid,
      startTime: fields[19] ?? '',
      cpuTicks: (Number.isFinite(utime) ? utime : 0) + (Number.isFinite(stime) ? stime : 0),
      rssBytes: Number.isFinite(rssPages) && rssPages > 0 ? rssPages * PAGE_BYTES : 0,
    },
    threads: Number.isInteger(threads) && threads > 1 ? threads : 1,
  };
}

/** LISTEN entries of tcp and tcp6 by inode. */
async function listenEntries(reads: ProcReads, proc: string): Promise<Map<number, ListenEntry[]>> {
  const out = new Map<number, ListenEntry[]>();
  const files = await reads.read([
    { kind: 'file', path: `${proc}/net/tcp` },
    { kind: 'file', path: `${proc}/net/tcp6` }, // absent without IPv6
  ]);
  for (const text of files) {
    for (const entry of parseProcNetTcp(fileText(text) ?? '')) {
      const list = out.get(entry.inode);
      if (list) list.push(entry);
      else out.set(entry.inode, [entry]);
    }
  }
  return out;
}

/** Per pid, the socket inodes among its open fds ([] when gone or not ours to read): two batches for all of them. */
async function socketInodesOf(reads: ProcReads, proc: string, pids: readonly number[]): Promise<number[][]> {
  const fdLists = await reads.read(pids.map((pid) => ({ kind: 'dir', path: `${proc}/${pid}/fd` })));
  const links: { at: number; path: string }[] = [];
  pids.forEach((pid, at) => {
    for (const fd of dirNames(fdLists[at]) ?? []) links.push({ at, path: `${proc}/${pid}/fd/${fd}` });
  });
  const targets = await reads.read(links.map(({ path }) => ({ kind: 'link', path })));
  const out = pids.map((): number[] => []);
  links.forEach(({ at }, i) => {
    const inode = socketInode(fileText(targets[i]) ?? ''); // closed meanwhile: no target
    if (inode !== null) out[at]?.push(inode);
  });
  return out;
}

/** The socket inodes among `pid`'s open fds ([] when gone or not ours to read). */
export async function socketInodes(proc: string, pid: number, reads: ProcReads = procReads()): Promise<number[]> {
  return (await socketInodesOf(reads, proc, [pid]))[0] ?? [];
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
