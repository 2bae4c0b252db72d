/**
 * The formation as one value: the types in Procfile order, each with its scale and exit
 * policy, and what every instance shares (working directory, environment, base port, stop
 * signal, grace period).
 *
 * The value is immutable. A slider move, a policy change, a Procfile reload and restored
 * saved state each build a new one with the helpers here and hand it to the supervisor's
 * `reconcile`, which applies `plan(before, after)` (formation-plan.ts). Nothing else
 * changes a running formation. Pure.
 */
import type { ExitPolicy } from '../../../shared/model';
import type { EnvValues } from '../env/parse-env';
import type { ProcessTypeDef } from '../procfile/parse-procfile';
import type { TypeSettings } from './type-settings';

export interface FormationType extends ProcessTypeDef {
  /** How many instances run; 0 = defined, not running. */
  readonly scale: number;
  readonly policy: ExitPolicy;
  /** What procdeck.yaml says of the type (DEFAULT_TYPE_SETTINGS without one). */
  readonly settings: TypeSettings;
}

export interface FormationValue {
  readonly cwd: string;
  /** In Procfile order: a type's place here is its port block (ports.ts). */
  readonly types: readonly FormationType[];
  /** The environment every instance gets, before PORT and PS. */
  readonly env: EnvValues;
  readonly basePort: number;
  readonly stopSignal: NodeJS.Signals;
  readonly graceMs: number;
}

/** What a host restores over the Procfile's formation: the dashboard's saved sliders and policies, the CLI's -c/-r. */
export interface FormationOverrides {
  readonly scale?: ReadonlyMap<string, number> | undefined;
  readonly policies?: ReadonlyMap<string, ExitPolicy> | undefined;
}

/** A type the formation does not have; hosts answer it as "not found". */
export class UnknownProcessError extends Error {
  override name = 'UnknownProcessError';
}

/** The same formation with one type's scale changed. */
export function withScale(formation: FormationValue, type: string, scale: number): FormationValue {
  return withType(formation, type, (t) => ({ ...t, scale }));
}

/** The same formation with one type's exit policy changed. */
export function withPolicy(formation: FormationValue, type: string, policy: ExitPolicy): FormationValue {
  return withType(formation, type, (t) => ({ ...t, policy }));
}

/** The overrides applied to the types they name (others, and names the formation lacks, are left alone). */
export function withOverrides(formation: FormationValue, overrides: FormationOverrides): FormationValue {
  return {
    ...formation,
    types: formation.types.map((t) => ({
      ...t,
      scale: overrides.scale?.get(t.name) ?? t.scale,
      policy: overrides.policies?.get(t.name) ?? t.policy,
    })),
  };
}

/**
 * A reloaded formation: the new files' types, command and shared settings, but a type that
 * was already there keeps the scale and policy it has now (the user's, not the files').
 */
export function reloadedFormation(current: FormationValue, fromFiles: FormationValue): FormationValue {
  const now = new Map(current.types.map((t) => [t.name, t]));
  return {
    ...fromFiles,
    types: fromFiles.types.map((t) => {
      const kept = now.get(t.name);
      return kept ? { ...t, scale: kept.scale, policy: kept.policy } : t;
    }),
  };
}

export function findType(formation: FormationValue, type: string): FormationType | undefined {
  return formation.types.find((t) => t.name === type);
}

function withType(
  formation: FormationValue,
  type: string,
  change: (t: FormationType) => FormationType,
): FormationValue {
  if (!findType(formation, type)) throw new UnknownProcessError(`unknown process type '${type}'`);
  return { ...formation, types: formation.types.map((t) => (t.name === type ? change(t) : t)) };
}
