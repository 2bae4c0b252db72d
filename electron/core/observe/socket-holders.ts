/**
 * Which processes' fd links a tick must read to know who holds each LISTEN socket.
 *
 * Reading every member's /proc/PID/fd each second is the sampling's main cost (one readlink
 * per fd: 100 idle instances with a few inherited fds each are thousands a second), and it
 * almost never tells anything new: a listening socket that appears is a new inode in
 * /proc/net/tcp{,6}. So the fds of a process are read once, when it is new (pid and start
 * time not seen before), and every member's again only when a LISTEN inode appears that no
 * member is known to hold and no earlier full read found outside the trees, or when the
 * last full read is `refreshEvery` ticks old (a socket handed over between two running
 * processes, which changes no inode, is seen then at the latest).
 */

/** A process of a watched tree, by its identity (pid, start time). */
export interface HolderCandidate {
  readonly pid: number;
  readonly startTime: string;
}

/** Reads the socket inodes of each pid (all sockets, listening or not; [] when gone), in the same order. */
export type ReadSocketInodes = (pids: readonly number[]) => Promise<readonly (readonly number[])[]>;

export interface SocketHolders {
  /** The socket inodes each member holds, reading only the fds this tick needs (see the file's comment). */
  inodesOf(
    members: readonly HolderCandidate[],
    listening: ReadonlySet<number>,
    read: ReadSocketInodes,
  ): Promise<ReadonlyMap<number, readonly number[]>>;
}

/** Ticks between two full reads of every member's fds: at 1 tick/s, once a minute. */
export const FULL_READ_EVERY = 60;

interface Known {
  readonly startTime: string;
  readonly inodes: readonly number[];
}

export function socketHolders(refreshEvery = FULL_READ_EVERY): SocketHolders {
  let known = new Map<number, Known>();
  /** LISTEN inodes the last full read found in no member: nobody of ours holds them. */
  let foreign = new Set<number>();
  let sinceFull = Infinity;

  return {
    async inodesOf(members, listening, read) {
      const next = new Map<number, Known>();
      const stale: HolderCandidate[] = [];
      const fresh: HolderCandidate[] = [];
      for (const m of members) {
        const before = known.get(m.pid);
        if (before && before.startTime === m.startTime) {
          next.set(m.pid, before);
          stale.push(m);
        } else fresh.push(m);
      }
      await readInto(next, fresh, read);
      const full = sinceFull + 1 >= refreshEvery || unexplained(listening, next, foreign);
      if (full) await readInto(next, stale, read);
      if (full) {
        const held = heldInodes(next);
        foreign = new Set([...listening].filter((inode) => !held.has(inode)));
        sinceFull = 0;
      } else {
        foreign = new Set([...foreign].filter((inode) => listening.has(inode)));
        sinceFull += 1;
      }
      known = next;
      return new Map([...next].map(([pid, k]) => [pid, k.inodes]));
    },
  };
}

async function readInto(into: Map<number, Known>, members: readonly HolderCandidate[], read: ReadSocketInodes) {
  if (members.length === 0) return;
  const inodes = await read(members.map((m) => m.pid));
  members.forEach((m, at) => into.set(m.pid, { startTime: m.startTime, inodes: inodes[at] ?? [] }));
}

function heldInodes(known: ReadonlyMap<number, Known>): Set<number> {
  const held = new Set<number>();
  for (const k of known.values()) for (const inode of k.inodes) held.add(inode);
  return held;
}

/** Whether some LISTEN inode is held by no known member and was not found outside the trees before. */
function unexplained(
  listening: ReadonlySet<number>,
  known: ReadonlyMap<number, Known>,
  foreign: ReadonlySet<number>,
): boolean {
  const held = heldInodes(known);
  for (const inode of listening) if (!held.has(inode) && !foreign.has(inode)) return true;
  return false;
}
