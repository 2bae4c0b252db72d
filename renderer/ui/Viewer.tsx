/**
 * The output side: which view (all instances merged, or one instance), the crash panel
 * of a crashed instance, the terminal tools and the terminal itself.
 *
 * It also tells the output hub what is on screen, so only those instances stream.
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { takesInput } from '../../shared/instance-state';
import type { InstanceId } from '../../shared/model';
import type { DashboardState } from '../store/dashboard-store';
import { orderedInstances } from '../store/host-state';
import { MERGED, shownTerminal, viewIdOf } from '../store/view';
import { mergedMembers } from '../output/merged-selection';
import { CrashPanel } from './CrashPanel';
import { MergedInstancePicker } from './merged/MergedInstancePicker';
import { EnvironmentPanel } from './environment/EnvironmentPanel';
import { SearchPanel } from './search/SearchPanel';
import { describeState } from './format';
import { useDashboard, useServices } from './services';
import { TerminalToolbar } from './TerminalToolbar';
import { TerminalView } from './TerminalView';
import { useNow } from './use-now';
import { cssColor } from './type-colors';

/** The instances the current view needs, as one comparable string. */
function wantedKey(s: DashboardState): string {
  if (s.view.kind === 'instance') return `instance ${s.view.id}`;
  const ids = mergedMembers(orderedInstances(s), { types: s.mergedTypes, instances: s.mergedInstances });
  return `merged ${ids.join(' ')}`;
}

function useWantedOutput(): void {
  const { hub } = useServices();
  const key = useDashboard(wantedKey);
  useEffect(() => {
    const [kind, ...ids] = key.split(' ').filter(Boolean) as [string, ...InstanceId[]];
    hub.setWanted(ids, kind === 'merged' ? ids : []);
  }, [hub, key]);
}

/** timestamps: tells the output hub which views show arrival times. */
function useTimestampsOutput(): void {
  const { hub } = useServices();
  const timestamps = useDashboard((s) => s.timestamps);
  useEffect(() => hub.setTimestamps(timestamps), [hub, timestamps]);
}

export function Viewer() {
  useWantedOutput();
  useTimestampsOutput();
  const view = useDashboard((s) => s.view);
  const crashPanel = useDashboard((s) => s.crashPanel);
  const viewId = viewIdOf(view);
  const timestamps = useDashboard((s) => s.timestamps.has(viewId));
  const terminalId = shownTerminal(view, timestamps);
  const instance = view.kind === 'instance' ? view.id : null;
  return (
    <section className="viewer" aria-label="Output">
      <SearchPanel />
      <ViewBar />
      {instance && crashPanel === instance && <CrashPanel id={instance} />}
      {instance && <EnvironmentPanel key={instance} id={instance} />}
      <TerminalToolbar key={viewId} viewId={viewId} terminalId={terminalId} instance={instance} />
      <TerminalView viewId={terminalId} label={instance ? `Terminal ${instance}` : 'Terminal: all output'} />
    </section>
  );
}

function ViewBar() {
  const view = useDashboard((s) => s.view);
  const select = useDashboard((s) => s.select);
  const types = useDashboard(useShallow((s) => s.types.map((t) => t.name)));
  const mergedTypes = useDashboard((s) => s.mergedTypes);
  const toggle = useDashboard((s) => s.toggleMergedType);
  const typeIndex = useDashboard(useShallow((s) => s.types.map((t) => t.index)));
  return (
    <div className="view-bar">
      <button
        type="button"
        aria-pressed={view.kind === 'merged'}
        onClick={() => select(MERGED)}
        title="All instances, one prefixed line each"
      >
        All output
      </button>
      {view.kind === 'merged' ? (
        <span className="type-filter" role="group" aria-label="Types in the merged view">
          {types.map((name, i) => (
            <button
              key={name}
              type="button"
              className="chip toggle"
              style={{ borderColor: cssColor(typeIndex[i] ?? i) }}
              aria-pressed={mergedTypes === null || mergedTypes.includes(name)}
              aria-label={`Show ${name} in all output`}
              onClick={() => toggle(name)}
            >
              {name}
            </button>
          ))}
          <MergedInstancePicker />
        </span>
      ) : (
        <InstanceTitle id={view.id} />
      )}
    </div>
  );
}

function InstanceTitle({ id }: { id: InstanceId }) {
  const instance = useDashboard((s) => s.instances.get(id));
  const now = useNow(false);
  if (!instance) return null;
  const state = describeState(instance.state, now);
  const typing = takesInput(instance.state);
  return (
    <span className="instance-title">
      <strong>{id}</strong> <span className={`tone-${state.tone}`}>{state.label}</span>
      <span className="dim"> · PORT {instance.port}</span>
      {typing && <span className="dim"> · keys typed in the terminal go to {id}</span>}
    </span>
  );
}
