/**
 * The environment a type's first instance gets, with each variable's origin, for
 * `procdeck run --print-env` and `procdeck check --json` (the dashboard's Environment tab
 * shows the same, from the run itself).
 */
import { relative } from 'node:path';
import { originLabel, type EnvVariable } from '../../shared/environment';
import { originsOf } from '../core/env/instance-environment';
import { plannedEnvironment } from '../core/env/env-origins';
import type { EnvValues } from '../core/env/parse-env';
import { portFor } from '../core/formation/ports';
import type { LoadedProject } from '../core/project/load-project';
import { visibleText } from '../core/visible-text';

/** The type's procdeck.yaml `env` (none without a procdeck.yaml or an entry for it). */
export function sidecarEnvOf(project: LoadedProject, type: string): EnvValues {
  return project.sidecar?.entries.find((entry) => entry.name === type)?.env ?? {};
}

/** Each type's `TYPE.1` environment with origins (no marker: that is given per run). */
export async function typeEnvironments(
  project: LoadedProject,
  processEnv: EnvValues,
  /** The type's procdeck.yaml `env`. */
  typeEnv: (type: string) => EnvValues = () => ({}),
): Promise<Record<string, EnvVariable[]>> {
  const out: Record<string, EnvVariable[]> = {};
  for (const [index, type] of project.types.entries()) {
    const own = typeEnv(type.name);
    const env = plannedEnvironment(project.env, own, `${type.name}.1`, portFor(project.basePort, index, 1));
    out[type.name] = await originsOf(env, {
      envFiles: project.envFiles,
      formationEnv: project.env,
      processEnv,
      source: 'procdeck',
      type: type.name,
      typeEnv: own,
    });
  }
  return out;
}

/** `NAME=value  # .env:3 (overrides .env:1)`, escaped so what you read is what runs. */
export function environmentLines(variables: readonly EnvVariable[], cwd: string): string[] {
  const rel = (path: string) => relative(cwd, path) || path;
  return variables.map((v) => {
    const overrides = v.overridden.map((d) => originLabel(d.origin, rel));
    const origin = originLabel(v.origin, rel) + (overrides.length > 0 ? ` (overrides ${overrides.join(', ')})` : '');
    return `${visibleText(v.name)}=${visibleText(v.value)}  # ${visibleText(origin)}`;
  });
}
