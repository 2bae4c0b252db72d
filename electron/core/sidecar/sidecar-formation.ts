/**
 * procdeck.yaml against the Procfile: every type it names must exist, every `after` must
 * name a type and form no cycle; the result is each type's settings and the start order.
 * Pure; problems are diagnostics at the line and column they were written.
 */
import { assertNever, type Diagnostic } from '../../../shared/model';
import { describeCycle, startOrder } from '../formation/start-order';
import { DEFAULT_TYPE_SETTINGS, type TypeSettings } from '../formation/type-settings';
import { didYouMean } from './nearest-word';
import type { Sidecar, SidecarEntry } from './parse-sidecar';

export interface FormationStop {
  readonly signal: NodeJS.Signals;
  readonly graceMs: number;
}

export type SidecarCheck =
  | { readonly ok: true; readonly stages: readonly (readonly string[])[] }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

export function checkSidecar(sidecar: Sidecar | null, typeNames: readonly string[]): SidecarCheck {
  const entries = new Map((sidecar?.entries ?? []).map((e) => [e.name, e]));
  const error = (at: { line: number; column: number }, message: string): Diagnostic => ({
    severity: 'error',
    file: sidecar?.file ?? '',
    line: at.line,
    column: at.column,
    message,
  });
  const problems: Diagnostic[] = [];
  for (const entry of entries.values()) {
    if (!typeNames.includes(entry.name)) {
      problems.push(
        error(
          entry.at,
          `'${entry.name}' is not a process type of the Procfile${didYouMean(entry.name, typeNames)}; it defines: ${typeNames.join(', ')}`,
        ),
      );
    }
  }
  if (problems.length > 0) return { ok: false, diagnostics: problems };

  const order = startOrder(
    typeNames.map((name) => ({ name, after: entries.get(name)?.after.map((a) => a.type) ?? [] })),
  );
  if (order.ok) return { ok: true, stages: order.stages };
  return {
    ok: false,
    diagnostics: order.problems.map((problem) => {
      switch (problem.kind) {
        case 'unknown': {
          const at = entries.get(problem.type)?.after.find((a) => a.type === problem.dependency)?.at ?? {
            line: 0,
            column: 0,
          };
          return error(
            at,
            `${problem.type} starts after '${problem.dependency}', which is not a process type of the Procfile${didYouMean(problem.dependency, typeNames)}`,
          );
        }
        case 'cycle': {
          const first = problem.cycle[0] ?? '';
          const second = problem.cycle[1] ?? '';
          const at = entries.get(first)?.after.find((a) => a.type === second)?.at ?? { line: 0, column: 0 };
          return error(at, `a cycle in after: ${describeCycle(problem.cycle)}; none of these could ever start`);
        }
        default:
          return assertNever(problem, 'start order problem');
      }
    }),
  };
}

/** A type's settings: what procdeck.yaml says, the defaults for the rest. */
export function typeSettingsFor(entry: SidecarEntry | undefined, formation: FormationStop): TypeSettings {
  if (!entry) return DEFAULT_TYPE_SETTINGS;
  const { signal, graceMs } = entry.stop;
  return {
    after: [...new Set(entry.after.map((a) => a.type))],
    ready: entry.ready ?? DEFAULT_TYPE_SETTINGS.ready,
    restart: entry.restart ?? DEFAULT_TYPE_SETTINGS.restart,
    env: entry.env,
    stop:
      signal === null && graceMs === null
        ? null
        : { signal: signal ?? formation.signal, graceMs: graceMs ?? formation.graceMs },
  };
}
