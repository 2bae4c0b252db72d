/**
 * What the host has told us, folded from its events. Pure: `applyHostEvent` returns a
 * new state and never mutates (Maps are replaced, not edited), so selectors can compare
 * by reference.
 */
import type { EventMessage, ShutdownProgress } from '../../shared/contract';
import { assertNever, describeExit, type InstanceId, type InstanceSnapshot, type Notice } from '../../shared/model';
import { EMPTY_PICTURE, foldEvent, type ProjectPicture } from '../../shared/project-picture';

export interface NoticeItem {
  readonly key: number;
  readonly notice: Notice;
}

/** The project's picture (the shared fold) plus what only the page keeps. */
export interface HostState extends ProjectPicture {
  readonly notices: readonly NoticeItem[];
  /** The desktop shell is stopping this window's formation (it closes or the app quits). */
  readonly shutdown: ShutdownProgress | null;
  /** The desktop shell asked to show this crash (a notification was clicked). */
  readonly revealCrash: { readonly instance: InstanceId; readonly at: number } | null;
  /** When the desktop shell last asked to open the export dialog (File › Export…). */
  readonly exportRequested: number | null;
}

/** Events that change what the page shows (output goes to the terminals, not here). */
export type StateEvent = Exclude<EventMessage, { event: 'output' } | { event: 'output-gap' } | { event: 'search' }>;

export const MAX_NOTICES = 50;

export const initialHostState: HostState = {
  ...EMPTY_PICTURE,
  notices: [],
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
    case 'snapshot':
    case 'instance':
    case 'instance-removed':
    case 'types':
    case 'diagnostics':
      return foldEvent(state, message);
    case 'crash': {
      const record = message.payload;
      return withNotice(state, {
        level: 'error',
        message: `${record.instance} crashed: ${describeExit(record.exit)}`,
        at: record.at,
        instance: record.instance,
      });
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
