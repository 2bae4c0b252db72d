/**
 * Ready when the instance's process tree listens on its PORT, on any address. Asks the
 * host's observer (one /proc scan per tick for every tree) for a tick that begins after the
 * attempt started, so an answer is never older than the question.
 */
import type { Observer, TreeWatch } from '../observe/observation';
import type { Probe, ProbeAnswer, ProbeTarget } from './probe-types';

export function portProbe(target: Pick<ProbeTarget, 'pid' | 'port'>, observer: Observer | null): Probe {
  const { port } = target;
  let watch: TreeWatch | null = null;
  return {
    async attempt(signal: AbortSignal): Promise<ProbeAnswer> {
      if (!observer) return { passed: false, answer: `cannot see listening sockets here; PORT ${port} unknown` };
      watch ??= observer.watch(target.pid);
      const aborted = new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null)));
      const seen = await Promise.race([watch.next(), aborted]);
      if (!seen) return { passed: false, answer: `not listening on ${port} yet` };
      const socket = seen.sockets.find((s) => s.port === port);
      if (socket) return { passed: true, answer: `listening on ${port}` };
      const elsewhere = seen.sockets.map((s) => s.port);
      if (elsewhere.length > 0)
        return { passed: false, answer: `not listening on ${port} (listens on ${[...new Set(elsewhere)].join(', ')})` };
      return { passed: false, answer: `not listening on ${port} yet` };
    },
    close(): void {
      watch?.close();
      watch = null;
    },
  };
}
