/**
 * The order types start in, from each type's `after`: stages, each of types that wait only
 * for earlier stages (`[[db, queue], [web]]`). Pure.
 *
 * A cycle is an error naming it (`db -> queue -> db`); a type in `after` that the formation
 * does not have is an error naming both, so a dependent never waits forever silently.
 * Within a stage, types keep the formation's (Procfile) order.
 */

export interface OrderedType {
  readonly name: string;
  readonly after: readonly string[];
}

export type StartOrderProblem =
  | { readonly kind: 'cycle'; readonly cycle: readonly string[] }
  | { readonly kind: 'unknown'; readonly type: string; readonly dependency: string };

export type StartOrder =
  | { readonly ok: true; readonly stages: readonly (readonly string[])[] }
  | { readonly ok: false; readonly problems: readonly StartOrderProblem[] };

export function startOrder(types: readonly OrderedType[]): StartOrder {
  const names = new Set(types.map((t) => t.name));
  const unknown: StartOrderProblem[] = types.flatMap((t) =>
    t.after.filter((d) => !names.has(d)).map((dependency) => ({ kind: 'unknown' as const, type: t.name, dependency })),
  );
  if (unknown.length > 0) return { ok: false, problems: unknown };

  const stages: string[][] = [];
  const placed = new Set<string>();
  let left = [...types];
  while (left.length > 0) {
    const stage = left.filter((t) => t.after.every((d) => placed.has(d)));
    if (stage.length === 0) return { ok: false, problems: [{ kind: 'cycle', cycle: findCycle(left) }] };
    for (const t of stage) placed.add(t.name);
    stages.push(stage.map((t) => t.name));
    left = left.filter((t) => !placed.has(t.name));
  }
  return { ok: true, stages };
}

/** `db -> queue -> db`. */
export function describeCycle(cycle: readonly string[]): string {
  return cycle.join(' -> ');
}

/** A cycle among types none of which can start: follow unplaced dependencies until one repeats. */
function findCycle(left: readonly OrderedType[]): string[] {
  const byName = new Map(left.map((t) => [t.name, t]));
  const path: string[] = [];
  let current = left[0];
  while (current && !path.includes(current.name)) {
    path.push(current.name);
    const next = current.after.find((d) => byName.has(d));
    current = next === undefined ? undefined : byName.get(next);
  }
  if (!current) return path;
  return [...path.slice(path.indexOf(current.name)), current.name];
}
