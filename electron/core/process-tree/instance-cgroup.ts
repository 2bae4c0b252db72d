/**
 * Tracking an instance's processes in a cgroup (Linux, cgroup v2, where writable).
 *
 * A descendant that double-forks with `setsid` and `env -i` leaves the process group,
 * the session, the parent chain (it is reparented to init) and the tag: nothing else
 * finds it. A cgroup it cannot leave does: every process forked inside stays inside,
 * whatever it does. Becoming a child subreaper would do too, but prctl is unreachable
 * from Node without a native addon and no util-linux tool sets it for a running
 * process. So: one cgroup per host (`procdeck-<pid>-<random>`, beside the host's own),
 * one per run inside it. The run's shell moves itself in as its first act (`entry`), so
 * nothing it forks starts outside.
 * Where no cgroup v2 is writable (no root, no delegation, macOS) this returns null and
 * the host says once that such processes cannot be tracked.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RunCgroup {
  /** A shell line that moves the shell running it into this cgroup, before anything else. */
  readonly entry: string;
  /** Moves `pid` in from outside (a fallback: what it forked before is not moved along). */
  adopt(pid: number): void;
  /** Pids inside now (the leader and everything it forked since it was moved in). */
  pids(): number[];
  /** Removes the cgroup once it is empty; false while something is still inside. */
  remove(): boolean;
}

export interface CgroupTracker {
  /** A new, empty cgroup for one run; null when it could not be made. */
  create(name: string): RunCgroup | null;
  /** Removes the host's cgroup folders that are empty. */
  close(): void;
}

/** The cgroup v2 folder the host itself is in, from /proc/self/mountinfo and /proc/self/cgroup. */
export function ownCgroupDir(): string | null {
  try {
    const mount = readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' '))
      .find((f) => f[f.indexOf('-') + 1] === 'cgroup2')?.[4];
    const own = /^0::(.*)$/m.exec(readFileSync('/proc/self/cgroup', 'utf8'))?.[1];
    return mount && own !== undefined ? join(mount, own) : null;
  } catch {
    return null;
  }
}

export function cgroupTracker(base: string | null = ownCgroupDir()): CgroupTracker | null {
  if (base === null) return null;
  sweepStale(base);
  const dir = join(base, `procdeck-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(dir);
  } catch {
    return null;
  }
  const runs = new Set<string>();
  return {
    create(name) {
      const runDir = join(dir, name.replace(/[^\w.-]/g, '_'));
      try {
        mkdirSync(runDir);
      } catch {
        return null;
      }
      runs.add(runDir);
      const procs = join(runDir, 'cgroup.procs');
      return {
        // The shell enters the cgroup itself before it runs the command: nothing it forks
        // can be outside. A failed write changes nothing else (the host adopts it too).
        entry: `echo $$ 2>/dev/null > ${shellQuote(procs)} || :; `,
        adopt: (pid) => {
          try {
            writeFileSync(procs, `${pid}\n`);
          } catch {
            // gone already, or not ours to move: found the other ways
          }
        },
        pids: () => readPids(runDir),
        remove: () => {
          const removed = tryRmdir(runDir);
          if (removed) runs.delete(runDir);
          return removed;
        },
      };
    },
    close() {
      for (const runDir of runs) if (tryRmdir(runDir)) runs.delete(runDir);
      tryRmdir(dir);
    },
  };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, "'\\''")}'`;
}

function readPids(dir: string): number[] {
  try {
    return readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function tryRmdir(dir: string): boolean {
  try {
    rmdirSync(dir);
    return true;
  } catch {
    return false;
  }
}

/** Empty folders left by hosts that died (SIGKILL): removed; anything still populated stays. */
function sweepStale(base: string): void {
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return;
  }
  for (const name of names) {
    const owner = /^procdeck-(\d+)-[0-9a-f]+$/.exec(name)?.[1];
    if (!owner || isAlive(Number(owner))) continue;
    const dir = join(base, name);
    try {
      for (const run of readdirSync(dir, { withFileTypes: true })) if (run.isDirectory()) tryRmdir(join(dir, run.name));
    } catch {
      // not ours to read
    }
    tryRmdir(dir);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
