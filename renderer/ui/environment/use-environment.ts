/**
 * Fetches one run's environment (default: the latest run) and fetches it again when the
 * instance restarts or the project's files are reloaded (a changed `.env` shows at once).
 */
import { useEffect, useState } from 'react';
import type { InstanceEnvironment } from '../../../shared/environment';
import type { InstanceId } from '../../../shared/model';
import { useDashboard, useServices } from '../services';

export type EnvironmentLoad =
  | { readonly kind: 'loading' }
  | { readonly kind: 'loaded'; readonly environment: InstanceEnvironment }
  | { readonly kind: 'unavailable'; readonly message: string };

export function useEnvironment(id: InstanceId, run?: number): EnvironmentLoad {
  const { bridge } = useServices();
  const restarts = useDashboard((s) => s.instances.get(id)?.restarts ?? 0);
  const pid = useDashboard((s) => {
    const state = s.instances.get(id)?.state;
    return state && 'pid' in state ? state.pid : null;
  });
  const diagnostics = useDashboard((s) => s.diagnostics);
  const [load, setLoad] = useState<EnvironmentLoad>({ kind: 'loading' });
  useEffect(() => {
    let current = true;
    void bridge
      .call('instance.environment', run === undefined ? { instance: id } : { instance: id, run })
      .then((result) => {
        if (!current) return;
        setLoad(
          result.ok
            ? { kind: 'loaded', environment: result.value }
            : { kind: 'unavailable', message: result.error.message },
        );
      });
    return () => {
      current = false;
    };
  }, [bridge, id, run, restarts, pid, diagnostics]);
  return load;
}
