/**
 * What a window shows while its formation stops (app quit or window close): which
 * instances are still stopping and when SIGKILL comes. Pure: computed from the instance
 * snapshots the host publishes (`stopping{deadline, escalated}`).
 */
import type { ShutdownProgress } from '../../shared/contract';
import type { InstanceSnapshot } from '../../shared/model';

export function shutdownProgress(
  instances: Iterable<InstanceSnapshot>,
  reason: ShutdownProgress['reason'],
  forced: boolean,
  done = false,
): ShutdownProgress {
  const stopping: ShutdownProgress['stopping'][number][] = [];
  if (!done) {
    for (const instance of instances) {
      const state = instance.state;
      if (state.kind === 'stopping')
        stopping.push({ id: instance.id, pid: state.pid, killAt: state.deadline, escalated: state.escalated });
    }
  }
  const pending = stopping.filter((s) => !s.escalated).map((s) => s.killAt);
  return {
    reason,
    phase: done ? 'done' : 'stopping',
    stopping,
    killAt: pending.length ? Math.max(...pending) : null,
    forced,
  };
}

/** One line for the window title: `Stopping web.1, worker.1 — SIGKILL in 4 s (close again to kill now)`. */
export function describeShutdown(progress: ShutdownProgress, now: number, secondRequest: string): string {
  if (progress.phase === 'done') return 'All processes stopped';
  const names = progress.stopping.map((s) => s.id);
  if (names.length === 0) return 'Stopping…';
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  if (progress.killAt === null) return `Killing ${shown}…`;
  const seconds = Math.max(0, Math.ceil((progress.killAt - now) / 1000));
  return `Stopping ${shown} — SIGKILL in ${seconds} s (${secondRequest} to kill now)`;
}

/** 0…1 for the taskbar/dock progress bar: how much of the grace period has passed. */
export function shutdownFraction(progress: ShutdownProgress, startedAt: number, now: number): number {
  if (progress.phase === 'done') return 1;
  if (progress.killAt === null || progress.killAt <= startedAt) return 1;
  return Math.min(1, Math.max(0, (now - startedAt) / (progress.killAt - startedAt)));
}
