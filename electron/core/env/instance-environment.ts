/**
 * An instance's environment as the views show it: a run's variables with their origins,
 * and what a restart would change. Reads the env files (bounded, on demand); never throws.
 */
import type { EnvironmentSource, EnvVariable, InstanceEnvironment } from '../../../shared/environment';
import type { InstanceId } from '../../../shared/model';
import { readEnvDefinitions } from './env-definitions';
import { environmentChanges, plannedEnvironment, traceOrigins } from './env-origins';
import type { EnvValues } from './parse-env';
import type { StartedEnvironment } from './started-environments';

export interface EnvironmentContext {
  readonly envFiles: readonly string[];
  /** The environment the formation gives every instance now (process environment and files). */
  readonly formationEnv: EnvValues;
  /** The process environment Procdeck gives its formations, and where it came from. */
  readonly processEnv: EnvValues;
  readonly source: EnvironmentSource;
  readonly type: string;
  /** The type's procdeck.yaml `env`. */
  readonly typeEnv: EnvValues;
}

/** Every variable of `env` with its origin, as the files and the environment say now. */
export async function originsOf(env: EnvValues, context: EnvironmentContext): Promise<EnvVariable[]> {
  const files = await readEnvDefinitions(context.envFiles);
  return traceOrigins(env, { ...context, files });
}

/** One run's environment with origins, and the variables a restart now would change. */
export async function describeRunEnvironment(
  instance: InstanceId,
  port: number,
  started: StartedEnvironment,
  context: EnvironmentContext,
): Promise<InstanceEnvironment> {
  const variables = await originsOf(started.env, context);
  const now = plannedEnvironment(context.formationEnv, context.typeEnv, instance, port);
  return {
    instance,
    run: started.run,
    startedAt: started.startedAt,
    variables,
    changed: environmentChanges(started.env, now),
  };
}
