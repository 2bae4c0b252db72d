/**
 * One instance: `web.2`, its state in words, pid, port, uptime, restarts, last exit, and
 * its own controls. Selecting it shows its terminal; a crashed one opens its crash panel.
 */
import {
  describeReadiness,
  isLive,
  isStoppable,
  isTrouble,
  lastExit,
  pidOf,
  ticks,
  uptimeOf,
} from '../../shared/instance-state';
import type { InstanceId } from '../../shared/model';
import { describeState, exitText, formatDuration } from './format';
import { InstancePorts } from './resources/InstancePorts';
import { DependencyDown } from './readiness/DependencyDown';
import { WaitingFor } from './readiness/WaitingFor';
import { InstanceResources } from './resources/InstanceResources';
import '../styles/readiness.css';
import { useCall, useDashboard } from './services';
import { useNow } from './use-now';

export function InstanceRow({ id }: { id: InstanceId }) {
  const instance = useDashboard((s) => s.instances.get(id));
  const selected = useDashboard((s) => s.view.kind === 'instance' && s.view.id === id);
  const select = useDashboard((s) => s.select);
  const openCrash = useDashboard((s) => s.openCrash);
  const call = useCall();
  const now = useNow(instance ? ticks(instance.state) : false);
  if (!instance) return null;
  const { state } = instance;
  const view = describeState(state, now);
  const uptime = uptimeOf(state, now);
  const pid = pidOf(state);
  const target = { scope: 'instance', instance: id } as const;
  const live = isLive(state);
  const trouble = isTrouble(state);
  return (
    <tr aria-label={id} className={`instance tone-${view.tone}${selected ? ' selected' : ''}`}>
      <td>
        <button
          type="button"
          className="instance-name"
          aria-pressed={selected}
          title={`Show the output of ${id}`}
          onClick={() => select({ kind: 'instance', id })}
        >
          {id}
        </button>
      </td>
      <td
        className="state"
        title={pid === null ? (view.detail ?? view.label) : `${view.detail ?? view.label} (pid ${pid})`}
      >
        <span className="state-icon" aria-hidden="true">
          {view.icon}
        </span>
        {state.kind === 'ready' ? (
          <span className="state-label ready-badge" title={`${id} ${describeReadiness(state)}`}>
            {view.label}
          </span>
        ) : (
          <span className="state-label">{view.label}</span>
        )}
        {state.kind === 'waiting' ? (
          <WaitingFor id={id} state={state} />
        ) : (
          view.detail && <span className="state-detail"> · {view.detail}</span>
        )}
        <DependencyDown instance={instance} />
        {instance.escaped.length > 0 && (
          <span className="escaped" title="descendants that survived SIGKILL">
            {' '}
            · escaped pid {instance.escaped.join(', ')}
          </span>
        )}
      </td>
      <td className="num col-pid">{pid ?? '—'}</td>
      <td className="num">{instance.port}</td>
      <td className="num">{uptime === null ? '—' : formatDuration(uptime)}</td>
      <td className="num col-restarts">{instance.restarts}</td>
      <td className={trouble ? 'exit bad' : 'exit'}>{exitText(lastExit(state))}</td>
      <InstancePorts id={id} />
      <InstanceResources id={id} />
      <td className="row-actions">
        {instance.crashes.length > 0 && (
          <button
            type="button"
            className={trouble ? 'crash-badge bad' : 'crash-badge'}
            aria-label={`Crashes of ${id}: ${instance.crashes.length}`}
            title="Crash details"
            onClick={() => openCrash(id)}
          >
            ⚠ {instance.crashes.length}
          </button>
        )}
        <button
          type="button"
          className="icon"
          aria-label={`Restart ${id}`}
          title={live ? `Restart ${id}` : `Start ${id} again`}
          onClick={() => void call('process.restart', { target })}
        >
          ↻
        </button>
        <button
          type="button"
          className="icon"
          aria-label={`Stop ${id}`}
          title={`Stop ${id}`}
          disabled={!isStoppable(state)}
          onClick={() => void call('process.stop', { target })}
        >
          ■
        </button>
      </td>
    </tr>
  );
}
