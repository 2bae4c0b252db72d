/**
 * The page's state: what the host said (HostState) plus what the user chose (the view,
 * the open crash panel). A framework-free zustand store; components read it with narrow
 * selectors. Output never passes through here.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HostInfo } from '../../shared/contract';
import { isTrouble } from '../../shared/instance-state';
import type { InstanceId, Notice } from '../../shared/model';
import { sameProject } from '../../shared/project-picture';
import type { ConnectionStatus } from '../bridge/bridge';
import { applyHostEvent, initialHostState, withNotice, type HostState, type StateEvent } from './host-state';
import { MERGED, type ViewId, type ViewSelection } from './view';

export interface DashboardState extends HostState {
  readonly connection: ConnectionStatus;
  readonly host: HostInfo | null;
  readonly view: ViewSelection;
  /** Types shown in the merged view; null: all. */
  readonly mergedTypes: readonly string[] | null;
  /** workbench: instances shown in the merged view (of the shown types); null: all. */
  readonly mergedInstances: readonly InstanceId[] | null;
  /** The instance whose crash panel is open. */
  readonly crashPanel: InstanceId | null;
  /** timestamps: the views that show each line's arrival time (remembered per view while the project is open). */
  readonly timestamps: ReadonlySet<ViewId>;
}

export interface DashboardActions {
  apply(message: StateEvent): void;
  setConnection(status: ConnectionStatus): void;
  setHost(info: HostInfo): void;
  select(view: ViewSelection): void;
  openCrash(id: InstanceId): void;
  /** Shows an instance: its crash panel when it is down after a crash, else its terminal. */
  show(id: InstanceId): void;
  closeCrash(): void;
  toggleMergedType(type: string): void;
  /** workbench: the merged view's subset of instances (renderer/output/merged-selection.ts). */
  setMergedInstances(ids: readonly InstanceId[] | null): void;
  notify(notice: Notice): void;
  dismissNotice(key: number): void;
  /** Timestamps on or off in this view. */
  toggleTimestamps(view: ViewId): void;
}

export type DashboardStore = StoreApi<DashboardState & DashboardActions>;

export function createDashboardStore(connection: ConnectionStatus): DashboardStore {
  return createStore<DashboardState & DashboardActions>()((set) => ({
    ...initialHostState,
    connection,
    host: null,
    view: MERGED,
    mergedTypes: null,
    mergedInstances: null,
    crashPanel: null,
    timestamps: new Set(),
    apply: (message) =>
      set((state) => {
        const next = applyHostEvent(state, message);
        return { ...next, ...keepSelectionValid(state, next) };
      }),
    setConnection: (status) => set({ connection: status }),
    setHost: (info) => set({ host: info }),
    select: (view) =>
      set((state) => ({
        view,
        crashPanel: view.kind === 'instance' && hasCrashes(state, view.id) && isDown(state, view.id) ? view.id : null,
      })),
    openCrash: (id) => set({ view: { kind: 'instance', id }, crashPanel: id }),
    closeCrash: () => set({ crashPanel: null }),
    show: (id) =>
      set((state) =>
        state.instances.has(id)
          ? { view: { kind: 'instance', id }, crashPanel: hasCrashes(state, id) && isDown(state, id) ? id : null }
          : {},
      ),
    toggleMergedType: (type) =>
      set((state) => {
        const all = state.types.map((t) => t.name);
        const current = state.mergedTypes ?? all;
        const next = current.includes(type) ? current.filter((t) => t !== type) : [...current, type];
        return { mergedTypes: next.length === all.length && all.every((t) => next.includes(t)) ? null : next };
      }),
    setMergedInstances: (ids) => set({ mergedInstances: ids }),
    notify: (notice) => set((state) => withNotice(state, notice)),
    dismissNotice: (key) => set((state) => ({ notices: state.notices.filter((n) => n.key !== key) })),
    toggleTimestamps: (view) =>
      set((state) => {
        const next = new Set(state.timestamps);
        if (!next.delete(view)) next.add(view);
        return { timestamps: next };
      }),
  }));
}

function hasCrashes(state: HostState, id: InstanceId): boolean {
  return (state.instances.get(id)?.crashes.length ?? 0) > 0;
}

/** Down after a crash: the crash panel is what to show first. */
function isDown(state: HostState, id: InstanceId): boolean {
  const instance = state.instances.get(id);
  return instance !== undefined && isTrouble(instance.state);
}

/** After a host event: a view or panel whose instance is gone falls back to the merged view. */
function keepSelectionValid(before: DashboardState, next: HostState): Partial<DashboardState> {
  if (!sameProject(before.project, next.project))
    return { view: MERGED, crashPanel: null, mergedTypes: null, mergedInstances: null, timestamps: new Set() };
  const patch: { view?: ViewSelection; crashPanel?: InstanceId | null } = {};
  if (next.revealCrash && next.revealCrash !== before.revealCrash && next.instances.has(next.revealCrash.instance)) {
    return { view: { kind: 'instance', id: next.revealCrash.instance }, crashPanel: next.revealCrash.instance };
  }
  if (before.view.kind === 'instance' && !next.instances.has(before.view.id)) patch.view = MERGED;
  if (before.crashPanel && !next.instances.has(before.crashPanel)) patch.crashPanel = null;
  return patch;
}
