/**
 * Which source gave each variable of a run its value, and what a restart would change.
 *
 * Precedence, lowest first, as the environment is built: env files (in order, last line
 * wins), the environment Procdeck runs in (it beats the files, as with dotenv), the type's
 * `env` in procdeck.yaml, then Procdeck's own PORT, PS and marker. Pure.
 */
import type {
  EnvChange,
  EnvDefinition,
  EnvironmentSource,
  EnvVariable,
  ProcdeckVariable,
} from '../../../shared/environment';
import { TAG_VARIABLE } from '../process-tree/tree-reaper';
import type { EnvDefinitions } from './env-definitions';
import type { EnvValues } from './parse-env';

export interface OriginSources {
  /** The definitions in the env files, as they are now. */
  readonly files: EnvDefinitions;
  /** The environment Procdeck gives every formation, and where it came from. */
  readonly processEnv: EnvValues;
  readonly source: EnvironmentSource;
  /** The type's procdeck.yaml `env`. */
  readonly type: string;
  readonly typeEnv: EnvValues;
}

const PROCDECK_VARIABLES: Readonly<Record<string, ProcdeckVariable>> = {
  PORT: 'port',
  PS: 'instance-name',
  [TAG_VARIABLE]: 'marker',
};

/** The run's variables, sorted by name, each with the origin that won and the ones it overrode. */
export function traceOrigins(runEnv: EnvValues, sources: OriginSources): EnvVariable[] {
  return Object.keys(runEnv)
    .sort()
    .map((name) => {
      const candidates = definitionsOf(name, sources);
      const winner = candidates.pop();
      return {
        name,
        value: runEnv[name] as string,
        origin: winner?.origin ?? { kind: 'gone' },
        overridden: candidates.reverse(),
      };
    });
}

function definitionsOf(name: string, sources: OriginSources): EnvDefinition[] {
  const found: EnvDefinition[] = [...(sources.files.get(name) ?? [])];
  const fromProcess = sources.processEnv[name];
  if (fromProcess !== undefined)
    found.push({ origin: { kind: 'environment', source: sources.source }, value: fromProcess });
  const fromType = sources.typeEnv[name];
  if (fromType !== undefined) found.push({ origin: { kind: 'sidecar', type: sources.type }, value: fromType });
  const own = PROCDECK_VARIABLES[name];
  if (own !== undefined) found.push({ origin: { kind: 'procdeck', variable: own }, value: '' });
  return found;
}

/**
 * The environment an instance of the type gets when it starts now, as the supervisor builds
 * it: the formation's, the type's own over it, then PORT and PS (the marker comes per run).
 */
export function plannedEnvironment(
  formationEnv: EnvValues,
  typeEnv: EnvValues,
  instance: string,
  port: number,
): EnvValues {
  return { ...formationEnv, ...typeEnv, PORT: String(port), PS: instance };
}

/**
 * The variables whose value a restart would change, sorted. The marker differs on every
 * run by design and is left out.
 */
export function environmentChanges(was: EnvValues, now: EnvValues): EnvChange[] {
  const names = new Set([...Object.keys(was), ...Object.keys(now)]);
  names.delete(TAG_VARIABLE);
  const changes: EnvChange[] = [];
  for (const name of [...names].sort()) {
    const before = was[name] ?? null;
    const after = now[name] ?? null;
    if (before !== after) changes.push({ name, was: before, now: after });
  }
  return changes;
}
