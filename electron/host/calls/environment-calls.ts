/** `instance.environment`: one run's environment, each variable with its origin, and what a restart would change. */
import { findType } from '../../core/formation/formation-value';
import { describeRunEnvironment } from '../../core/env/instance-environment';
import type { AreaHandlers, HostScope } from './call-handler';
import { HostCallError } from './call-handler';

export function environmentCalls(host: HostScope): AreaHandlers<'instance'> {
  return {
    'instance.environment': async ({ instance, run }) => {
      const session = host.session();
      const runner = host.instance(instance);
      const started = runner.environments.of(run);
      if (!started)
        throw new HostCallError(
          'not-found',
          run === undefined ? `${instance} has not started yet` : `run #${run} of ${instance} is no longer kept`,
        );
      const formation = session.formation;
      return describeRunEnvironment(instance, runner.snapshot().port, started, {
        envFiles: session.files.envFiles,
        formationEnv: formation.env,
        processEnv: host.services.processEnv,
        source: host.services.environmentSource ?? 'procdeck',
        type: runner.type,
        typeEnv: findType(formation, runner.type)?.settings.env ?? {},
      });
    },
  };
}
