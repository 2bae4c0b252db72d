/**
 * Which instances the merged view ("All output") shows: those of the chosen types, and of
 * those only the chosen instances when the user picked a subset. Pure.
 */
import type { InstanceId } from '../../shared/model';

export interface MergedChoice {
  /** Types shown; null: every type. */
  readonly types: readonly string[] | null;
  /** Instances shown; null: every instance (of the shown types). */
  readonly instances: readonly InstanceId[] | null;
}

export function mergedMembers(
  ordered: readonly { readonly id: InstanceId; readonly type: string }[],
  choice: MergedChoice,
): InstanceId[] {
  return ordered
    .filter((i) => choice.types === null || choice.types.includes(i.type))
    .filter((i) => choice.instances === null || choice.instances.includes(i.id))
    .map((i) => i.id);
}

/**
 * The subset after ticking or unticking `id`: starting from "every instance" when there is
 * no subset yet, and back to null (every instance, new ones included) once all are ticked.
 */
export function toggledSubset(
  all: readonly InstanceId[],
  current: readonly InstanceId[] | null,
  id: InstanceId,
): InstanceId[] | null {
  const base = current ?? all;
  const next = base.includes(id) ? base.filter((i) => i !== id) : [...base, id];
  const kept = all.filter((i) => next.includes(i));
  return kept.length === all.length ? null : kept;
}
