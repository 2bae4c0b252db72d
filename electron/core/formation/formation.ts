/**
 * The formation: how many instances of each process type run.
 *
 * `web=2,worker=1` sets counts; `all=N` sets every type not listed. Without a spec every
 * type gets 1; with one, an unlisted type gets 0 unless `all` is given (Foreman's rule).
 * 0 means "defined, not running". Pure.
 */
import { LIMITS } from '../../../shared/contract';

export interface FormationSpec {
  readonly counts: ReadonlyMap<string, number>;
  readonly all: number | null;
}

export type Formation = ReadonlyMap<string, number>;

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const ITEM = /^([A-Za-z0-9_-]+)=(\d+)$/;

export function parseFormationSpec(text: string): Parsed<FormationSpec> {
  const counts = new Map<string, number>();
  let all: number | null = null;
  const items = text.split(',').map((s) => s.trim());
  for (const item of items) {
    const match = ITEM.exec(item);
    if (!match) return { ok: false, error: `bad formation item '${item}': expected name=count, e.g. web=2,worker=1` };
    const name = match[1] as string;
    const count = Number(match[2]);
    if (count > LIMITS.maxScale) {
      return { ok: false, error: `bad formation item '${item}': at most ${LIMITS.maxScale} instances per type` };
    }
    if (name === 'all') all = count;
    else if (counts.has(name)) return { ok: false, error: `bad formation: '${name}' is given twice` };
    else counts.set(name, count);
  }
  return { ok: true, value: { counts, all } };
}

/** Applies a spec (or none) to the Procfile's types; unknown names are an error. */
export function resolveFormation(typeNames: readonly string[], spec: FormationSpec | null): Parsed<Formation> {
  const formation = new Map<string, number>();
  if (spec) {
    for (const name of spec.counts.keys()) {
      if (!typeNames.includes(name)) {
        return {
          ok: false,
          error: `unknown process type '${name}' in formation (the Procfile defines: ${typeNames.join(', ')})`,
        };
      }
    }
  }
  for (const name of typeNames) {
    formation.set(name, spec ? (spec.counts.get(name) ?? spec.all ?? 0) : 1);
  }
  return { ok: true, value: formation };
}

/** Formats a formation back as `web=2,worker=1`. */
export function formatFormation(formation: Formation): string {
  return [...formation].map(([name, count]) => `${name}=${count}`).join(',');
}
