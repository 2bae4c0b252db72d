/**
 * Which dependencies of a running instance are down: the instances of the types it starts
 * `after` that are not ready, while it keeps running because its type does not cascade
 * (`restart: independent`, the default). The dashboard marks such a row "dependency down";
 * a `cascade` dependent needs no mark, it goes back to waiting. Pure.
 */
import { isLive, isReady, isUp } from './instance-state';
import type { InstanceId, InstanceSnapshot, ProcessTypeSnapshot } from './model';

export function downDependencies(
  instance: Pick<InstanceSnapshot, 'type' | 'state'>,
  types: readonly Pick<ProcessTypeSnapshot, 'name' | 'scale' | 'after' | 'restart'>[],
  instances: Iterable<Pick<InstanceSnapshot, 'id' | 'type' | 'index' | 'state'>>,
): InstanceId[] {
  // Only a process that runs (not one stopping, waiting or ended) can miss its dependency.
  if (!isLive(instance.state) || !isUp(instance.state)) return [];
  const own = types.find((t) => t.name === instance.type);
  if (!own?.after?.length || own.restart === 'cascade') return [];
  const scales = new Map(types.map((t) => [t.name, t.scale]));
  const down: { id: InstanceId; order: number; index: number }[] = [];
  for (const other of instances) {
    const order = own.after.indexOf(other.type);
    if (order < 0 || other.index > (scales.get(other.type) ?? 0) || isReady(other.state)) continue;
    down.push({ id: other.id, order, index: other.index });
  }
  return down.sort((a, b) => a.order - b.order || a.index - b.index).map((d) => d.id);
}
