/**
 * What the host has told us, folded from its events. Pure: `applyHostEvent` returns a
 * new state and never mutates (Maps are replaced, not edited), so selectors can compare
 * by reference.
 */
import type { EventMessage, ShutdownProgress } from '../../shared/contract';
import {
  assertNever,
  describeExit,
  type CrashRecord,
  type Diagnostic,
  type InstanceId,
  type InstanceSnapshot,
  type Notice,
  type ProcessTypeSnapshot,
  type ProjectSnapshot,
} from '../../shared/model';

export type ProjectInfo = Omit<ProjectSnapshot, 'types' | 'instances' | 'diagnostics'>;

export interface NoticeItem {
  readonly key: number;
  readonly notice: Notice;
}

export interface HostState {
  /** The first snapshot has arrived: until then we do not know whether a project is open. */
  readonly loaded: boolean;
  readonly project: ProjectInfo | null;
  readonly types: readonly ProcessTypeSnapshot[];
  readonly instances: ReadonlyMap<InstanceId, InstanceSnapshot>;
  readonly diagnostics: readonly Diagnostic[];
  readonly notices: readonly NoticeItem[];
  readonly lastCrash: CrashRecord | null;
  /** The desktop shell is stopping this window's formation (it closes or the app quits). */
  readonly shutdown: ShutdownProgress | null;
  /** The desktop shell asked to show this crash (a notification was clicked). */
  readonly revealCrash: { readonly instance: InstanceId; readonly at: number } | null;
  /** When the desktop shell last asked to open the export dialog (File › Export…). */
  readonly exportRequested: number | null;
}

/** Events that change what the page shows (output goes to the terminals, not here). */
export type StateEvent = Exclude<EventMessage, { event: 'output' } | { event: 'output-gap' }>;

export const MAX_NOTICES = 50;

export const initialHostState: HostState = {
  loaded: false,
  project: null,
  types: [],
  instances: new Map(),
  diagnostics: [],
  notices: [],
  lastCrash: null,
  shutdown: null,
  revealCrash: null,
  exportRequested: null,
};

let noticeKey = 0;

export function withNotice(state: HostState, notice: Notice): HostState {
  return { ...state, notices: [...state.notices.slice(-(MAX_NOTICES - 1)), { key: ++noticeKey, notice }] };
}

export function applyHostEvent(state: HostState, message: StateEvent): HostState {
  switch (message.event) {
    case 'snapshot': {
      const snapshot = message.payload;
      if (!snapshot) return { ...state, loaded: true, project: null, types: [], instances: new Map(), diagnostics: [], lastCrash: null };
      const { types, instances, diagnostics, ...project } = snapshot;
      return {
        ...state,
        loaded: true,
        project,
        types,
        instances: new Map(instances.map((i) => [i.id, i])),
        diagnostics,
      };
    }
    case 'instance': {
      const instances = new Map(state.instances);
      instances.set(message.payload.id, message.payload);
      return { ...state, instances };
    }
    case 'instance-removed': {
      if (!state.instances.has(message.payload.id)) return state;
      const instances = new Map(state.instances);
      instances.delete(message.payload.id);
      return { ...state, instances };
    }
    case 'types':
      return { ...state, types: message.payload };
    case 'diagnostics':
      return { ...state, diagnostics: message.payload };
    case 'crash': {
      const record = message.payload;
      const next = withNotice(state, {
        level: 'error',
        message: `${record.instance} crashed: ${describeExit(record.exit)}`,
        at: record.at,
        instance: record.instance,
      });
      return { ...next, lastCrash: record };
    }
    case 'notice':
      return withNotice(state, message.payload);
    case 'shell': {
      const shell = message.payload;
      switch (shell.kind) {
        case 'reveal-crash':
          return { ...state, revealCrash: { instance: shell.instance, at: shell.at } };
        case 'shutdown':
          return { ...state, shutdown: shell.progress };
        case 'open-export':
          return { ...state, exportRequested: shell.at };
        default:
          return assertNever(shell, 'shell event');
      }
    }
    default:
      return assertNever(message, 'event');
  }
}

/** Instances of one type, by number. */
export function instancesOf(instances: ReadonlyMap<InstanceId, InstanceSnapshot>, type: string): InstanceSnapshot[] {
  return [...instances.values()].filter((i) => i.type === type).sort((a, b) => a.index - b.index);
}

/** Every instance, in Procfile order then by number. */
export function orderedInstances(state: Pick<HostState, 'types' | 'instances'>): InstanceSnapshot[] {
  const order = new Map(state.types.map((t) => [t.name, t.index]));
  return [...state.instances.values()].sort(
    (a, b) => (order.get(a.type) ?? 1e9) - (order.get(b.type) ?? 1e9) || a.index - b.index,
  );
}

export interface Summary {
  readonly running: number;
  readonly starting: number;
  readonly crashed: number;
  readonly failed: number;
  readonly stopped: number;
  readonly total: number;
}

export function summarize(instances: Iterable<InstanceSnapshot>): Summary {
  let running = 0;
  let starting = 0;
  let crashed = 0;
  let failed = 0;
  let stopped = 0;
  let total = 0;
  for (const { state } of instances) {
    total++;
    switch (state.kind) {
      case 'running':
        running++;
        break;
      case 'starting':
      case 'stopping':
        starting++;
        break;
      case 'crashed':
      case 'backoff':
      case 'crash-loop':
        crashed++;
        break;
      case 'failed':
        failed++;
        break;
      case 'idle':
      case 'stopped':
      case 'exited':
        stopped++;
        break;
      default:
        assertNever(state, 'instance state');
    }
  }
  return { running, starting, crashed, failed, stopped, total };
}
