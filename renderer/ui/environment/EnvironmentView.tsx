/**
 * "Environment of web.1": what the instance's latest run started with, where each variable
 * came from, and, when an env file changed since, which variables a restart would change.
 */
import { looksSecret } from '../../../shared/environment';
import type { InstanceId } from '../../../shared/model';
import { formatClock } from '../format';
import { useCall } from '../services';
import { EnvironmentTable } from './EnvironmentTable';
import { useEnvironment } from './use-environment';

export function EnvironmentView({ id }: { id: InstanceId }) {
  const load = useEnvironment(id);
  const call = useCall();
  const title = `Environment of ${id}`;
  return (
    <section className="environment-view" aria-label={title}>
      <h2>{title}</h2>
      {load.kind === 'loading' && <p className="dim">Loading…</p>}
      {load.kind === 'unavailable' && <p className="dim">{load.message}</p>}
      {load.kind === 'loaded' && (
        <>
          <p className="dim">
            Run #{load.environment.run}, started {formatClock(load.environment.startedAt)}:{' '}
            {load.environment.variables.length} variables.
          </p>
          {load.environment.changed.length > 0 && (
            <div className="env-changed" role="status" aria-label="Environment changed since start">
              <p>
                The environment changed since {id} started; a restart would change{' '}
                {load.environment.changed.map((c, i) => (
                  <span key={c.name}>
                    {i > 0 && ', '}
                    <code>{c.name}</code>
                    {!looksSecret(c.name, c.was ?? '') && !looksSecret(c.name, c.now ?? '') && (
                      <span className="dim">
                        {' '}
                        ({c.was ?? 'unset'} → {c.now ?? 'unset'})
                      </span>
                    )}
                  </span>
                ))}
                .
              </p>
              <button
                type="button"
                className="primary"
                onClick={() => void call('process.restart', { target: { scope: 'instance', instance: id } })}
              >
                Restart {id} with the new environment
              </button>
            </div>
          )}
          <EnvironmentTable variables={load.environment.variables} label={`Variables of ${id}`} />
        </>
      )}
    </section>
  );
}

/** The crashed run's own environment, inside the crash panel. */
export function CrashEnvironment({ id, run }: { id: InstanceId; run: number }) {
  const load = useEnvironment(id, run);
  return (
    <details className="crash-environment">
      <summary>Environment of run #{run}</summary>
      {load.kind === 'loaded' ? (
        <EnvironmentTable variables={load.environment.variables} label={`Variables of ${id} run #${run}`} />
      ) : (
        <p className="dim">{load.kind === 'loading' ? 'Loading…' : load.message}</p>
      )}
    </details>
  );
}
