/**
 * The start order's one question: may an instance of a type start now, given the types it
 * starts `after`? If not, which instances it waits for and why, in the words the CLI and the
 * row show: `web.1 waiting for db.1 (not listening on 5100 yet)`. Pure.
 *
 * Never silent: a dependency scaled to 0, or one that failed to start, is itself the reason.
 */
import { assertNever, describeExit, type InstanceId, type InstanceSnapshot } from '../../../shared/model';

export interface Blocker {
  readonly for: readonly InstanceId[];
  readonly reason: string;
}

export interface DependencyView {
  readonly scale: number;
  readonly instances: readonly Pick<InstanceSnapshot, 'id' | 'state'>[];
}

/** Null when every instance of every `after` type is ready (a type not in the formation is skipped: the sidecar reports it). */
export function blockerOf(after: readonly string[], lookup: (type: string) => DependencyView | null): Blocker | null {
  for (const type of after) {
    const view = lookup(type);
    if (!view) continue;
    if (view.scale === 0) return { for: [], reason: `${type} has scale 0: nothing to wait for will ever be ready` };
    const waiting = view.instances.filter((i) => i.state.kind !== 'ready');
    const first = waiting[0];
    if (first) return { for: waiting.map((i) => i.id), reason: whyNotReady(first) };
  }
  return null;
}

/** Why one dependency instance is not ready yet. */
export function whyNotReady(instance: Pick<InstanceSnapshot, 'id' | 'state'>): string {
  const { id, state } = instance;
  switch (state.kind) {
    case 'starting':
      return state.answer ?? `${id} is starting`;
    case 'waiting':
      return `${id} is itself waiting for ${state.for.join(', ') || 'its dependencies'}`;
    case 'ready':
      return 'ready';
    case 'idle':
      return `${id} has not started yet`;
    case 'stopping':
      return `${id} is stopping`;
    case 'stopped':
      return `${id} is stopped`;
    case 'exited':
      return `${id} exited with ${describeExit(state.exit)}`;
    case 'crashed':
      return `${id} crashed (${describeExit(state.exit)})`;
    case 'backoff':
      return `${id} crashed and restarts soon (attempt ${state.attempt})`;
    case 'crash-loop':
      return `${id} is crash-looping and will not restart until asked`;
    case 'failed':
      return `${id} failed to start: ${state.reason}`;
    default:
      return assertNever(state, 'instance state');
  }
}
