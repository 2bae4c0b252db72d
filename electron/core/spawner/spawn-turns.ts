/**
 * One spawn per event-loop turn.
 *
 * A spawn is synchronous (node-pty forks the host; a pipe spawn is a fork/exec too), and
 * it costs more the larger the host is: ~3 ms on a quiet machine, 20–50 ms at load 15.
 * A formation's instances all pass their start checks in the same turn (the checks are
 * promises that settle together), so 50 spawns ran back to back and held the host's
 * event loop — the desktop app's UI thread — for 1–6 s (bench/, workload 7, start). Here
 * each spawn waits its turn: the spawns keep their order, and between two of them the
 * loop reads output, answers requests and paints.
 */

/** Resolves on a later turn of the event loop than every earlier caller's: at most one caller per turn. */
export type SpawnTurn = () => Promise<void>;

export function spawnTurns(): SpawnTurn {
  const queue: (() => void)[] = [];
  let scheduled = false;
  const release = () => {
    queue.shift()?.();
    // An immediate queued by an immediate runs on the next turn, after that turn's I/O.
    if (queue.length > 0) setImmediate(release);
    else scheduled = false;
  };
  return () =>
    new Promise<void>((resolve) => {
      queue.push(resolve);
      if (scheduled) return;
      scheduled = true;
      setImmediate(release);
    });
}

/** The host's one queue: every instance runner of the process waits in it. */
export const nextSpawnTurn: SpawnTurn = spawnTurns();
