/**
 * Which fds a tick reads: each case is a sequence of ticks (members, LISTEN inodes, what
 * the fds hold now) and the pids whose fds each tick must read, and what each member is
 * then known to hold.
 */
import { describe, expect, it } from 'vitest';
import { socketHolders, type HolderCandidate } from './socket-holders';

interface Tick {
  /** pid:startTime of every member. */
  readonly members: readonly string[];
  readonly listening: readonly number[];
  /** What each pid's fds hold at this tick (absent: none). */
  readonly fds?: Readonly<Record<number, readonly number[]>>;
  /** The pids read this tick, in order of the reads. */
  readonly reads: readonly number[];
  /** What the tick answers per pid (only those listed are checked). */
  readonly held?: Readonly<Record<number, readonly number[]>>;
}

const candidates = (members: readonly string[]): HolderCandidate[] =>
  members.map((m) => {
    const [pid, startTime] = m.split(':');
    return { pid: Number(pid), startTime: startTime ?? '' };
  });

const cases: { name: string; refreshEvery?: number; ticks: readonly Tick[] }[] = [
  {
    name: 'the first tick reads every member, the next ones none while nothing new listens',
    ticks: [
      { members: ['1:a', '2:b'], listening: [900], fds: { 2: [900] }, reads: [1, 2], held: { 2: [900] } },
      { members: ['1:a', '2:b'], listening: [900], fds: { 2: [900] }, reads: [], held: { 2: [900], 1: [] } },
      { members: ['1:a', '2:b'], listening: [900, 901], fds: { 2: [900] }, reads: [1, 2] }, // 901: whose?
      { members: ['1:a', '2:b'], listening: [900, 901], fds: { 2: [900] }, reads: [] }, // 901 is foreign
    ],
  },
  {
    name: 'a new process is read alone when what listens is explained',
    ticks: [
      { members: ['1:a'], listening: [900], reads: [1] },
      { members: ['1:a', '3:c'], listening: [900, 902], fds: { 3: [902] }, reads: [3], held: { 3: [902] } },
    ],
  },
  {
    name: 'a member that starts listening later is found: a LISTEN inode nobody holds rereads everyone',
    ticks: [
      { members: ['1:a', '2:b'], listening: [900], reads: [1, 2] },
      { members: ['1:a', '2:b'], listening: [900, 903], fds: { 1: [903] }, reads: [1, 2], held: { 1: [903] } },
      { members: ['1:a', '2:b'], listening: [900, 903], fds: { 1: [903] }, reads: [], held: { 1: [903] } },
    ],
  },
  {
    name: 'a socket that existed before it listened is matched without a read (all sockets are kept)',
    ticks: [
      { members: ['1:a'], listening: [900], fds: { 1: [904] }, reads: [1] },
      { members: ['1:a'], listening: [900, 904], fds: { 1: [904] }, reads: [], held: { 1: [904] } },
    ],
  },
  {
    name: 'a pid reused by a new process (another start time) is read again',
    ticks: [
      { members: ['1:a'], listening: [900], reads: [1] },
      { members: ['1:z'], listening: [900], fds: { 1: [900] }, reads: [1], held: { 1: [900] } },
    ],
  },
  {
    name: 'a foreign inode is forgotten once it stops listening, and asked about again when it listens again',
    ticks: [
      { members: ['1:a'], listening: [900], reads: [1] },
      { members: ['1:a'], listening: [], reads: [] },
      { members: ['1:a'], listening: [900], reads: [1] }, // forgotten once gone: asked again
    ],
  },
  {
    name: 'every member is read again after refreshEvery ticks (a socket handed over changes no inode)',
    refreshEvery: 3,
    ticks: [
      { members: ['1:a', '2:b'], listening: [900], fds: { 1: [900] }, reads: [1, 2] },
      { members: ['1:a', '2:b'], listening: [900], fds: { 2: [900] }, reads: [], held: { 1: [900] } },
      { members: ['1:a', '2:b'], listening: [900], fds: { 2: [900] }, reads: [] },
      { members: ['1:a', '2:b'], listening: [900], fds: { 2: [900] }, reads: [1, 2], held: { 1: [], 2: [900] } },
    ],
  },
  {
    name: 'members that are gone are forgotten',
    ticks: [
      { members: ['1:a', '2:b'], listening: [900], reads: [1, 2] },
      { members: ['1:a'], listening: [900], reads: [] },
      { members: ['1:a', '2:b'], listening: [900], reads: [2] },
    ],
  },
];

describe('socketHolders: which fds a tick reads', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const holders = socketHolders(c.refreshEvery);
      for (const [index, tick] of c.ticks.entries()) {
        const reads: number[] = [];
        const held = await holders.inodesOf(candidates(tick.members), new Set(tick.listening), async (pids) => {
          reads.push(...pids);
          return pids.map((pid) => tick.fds?.[pid] ?? []);
        });
        expect({ tick: index, reads }).toEqual({ tick: index, reads: tick.reads });
        expect([...held.keys()].sort()).toEqual(
          candidates(tick.members)
            .map((m) => m.pid)
            .sort(),
        );
        for (const [pid, inodes] of Object.entries(tick.held ?? {}))
          expect({ tick: index, pid, inodes: held.get(Number(pid)) }).toEqual({ tick: index, pid, inodes });
      }
    });
  }
});
