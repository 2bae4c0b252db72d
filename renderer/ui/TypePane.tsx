/**
 * One process type: its command, ports, exit policy, scale slider and controls, and a
 * row per instance.
 */
import type { CSSProperties } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EXIT_POLICIES, type ExitPolicy } from '../../shared/model';
import { instancesOf } from '../store/host-state';
import { InstanceRow } from './InstanceRow';
import { TypeResources } from './resources/InstanceResources';
import { ScaleSlider } from './ScaleSlider';
import { useCall, useDashboard } from './services';
import { cssColor } from './type-colors';

const POLICY_WORDS: Record<ExitPolicy, string> = {
  keep: 'keep (show the exit)',
  restart: 'restart with backoff',
  'stop-all': 'stop all (Foreman)',
};

export function TypePane({ name }: { name: string }) {
  const type = useDashboard((s) => s.types.find((t) => t.name === name));
  const ids = useDashboard(useShallow((s) => instancesOf(s.instances, name).map((i) => i.id)));
  const call = useCall();
  if (!type) return null;
  const target = { scope: 'type', type: name } as const;
  const lastPort = type.basePort + Math.max(0, Math.max(type.scale, ids.length) - 1);
  return (
    <section className="type-pane" aria-label={name} style={{ '--type-color': cssColor(type.index) } as CSSProperties}>
      <header className="type-head">
        <h2 className="type-name">{name}</h2>
        <code className="type-command" title={type.command}>
          {type.command}
        </code>
        <span className="buttons">
          <button
            type="button"
            aria-label={`Start ${name}`}
            title={`Start ${name}`}
            onClick={() => void call('process.start', { target })}
          >
            ▶ Start
          </button>
          <button
            type="button"
            aria-label={`Stop ${name}`}
            title={`Stop ${name}`}
            onClick={() => void call('process.stop', { target })}
          >
            ■ Stop
          </button>
          <button
            type="button"
            aria-label={`Restart ${name}`}
            title={`Restart ${name}`}
            onClick={() => void call('process.restart', { target })}
          >
            ↻ Restart
          </button>
        </span>
      </header>
      <div className="type-controls">
        <ScaleSlider type={name} scale={type.scale} />
        <span className="ports" title="PORT = base + 100 × Procfile position + instance − 1">
          PORT {type.basePort}
          {lastPort > type.basePort ? `–${lastPort}` : ''}
        </span>
        <TypeResources type={name} />
        <select
          className="policy"
          aria-label={`On exit ${name}`}
          title="What happens when an instance exits on its own"
          value={type.policy}
          onChange={(e) => void call('type.setPolicy', { type: name, policy: e.target.value as ExitPolicy })}
        >
          {EXIT_POLICIES.map((p) => (
            <option key={p} value={p}>
              {POLICY_WORDS[p]}
            </option>
          ))}
        </select>
      </div>
      {ids.length > 0 ? (
        <table className="instances">
          <thead>
            <tr>
              <th scope="col">instance</th>
              <th scope="col">state</th>
              <th scope="col" className="col-pid">
                pid
              </th>
              <th scope="col">port</th>
              <th scope="col">uptime</th>
              <th scope="col" className="col-restarts" title="restarts">
                ↻
              </th>
              <th scope="col">last exit</th>
              <th scope="col">listening</th>
              <th scope="col">cpu · memory</th>
              <th scope="col">
                <span className="visually-hidden">actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {ids.map((id) => (
              <InstanceRow key={id} id={id} />
            ))}
          </tbody>
        </table>
      ) : (
        <p className="empty dim">Scaled to 0: not running.</p>
      )}
    </section>
  );
}
