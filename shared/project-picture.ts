/**
 * The picture of a project that every observer keeps: which project, its types, its
 * instances, its diagnostics, folded from the contract's events.
 *
 * One pure fold serves the renderer's store, the desktop shell's observer of each window
 * and `procdeck start`, so they cannot disagree on what a snapshot or a removal means.
 * It never mutates: a changed picture has new Maps, an event that changes nothing gives
 * back the same picture (callers may compare by reference).
 */
import type { EventMessage } from './contract';
import {
  assertNever,
  type Diagnostic,
  type InstanceId,
  type InstanceSnapshot,
  type InstanceState,
  type InstanceStateKind,
  type ProcessTypeSnapshot,
  type ProjectSnapshot,
} from './model';

/** The project itself, without what has its own events. */
export type ProjectInfo = Omit<ProjectSnapshot, 'types' | 'instances' | 'diagnostics'>;

export interface ProjectPicture {
  /** The first snapshot has arrived: until then nobody knows whether a project is open. */
  readonly loaded: boolean;
  readonly project: ProjectInfo | null;
  readonly types: readonly ProcessTypeSnapshot[];
  readonly instances: ReadonlyMap<InstanceId, InstanceSnapshot>;
  readonly diagnostics: readonly Diagnostic[];
}

export const EMPTY_PICTURE: ProjectPicture = {
  loaded: false,
  project: null,
  types: [],
  instances: new Map(),
  diagnostics: [],
};

/** Folds one event into the picture; events the picture does not hold (output, crashes, notices) change nothing. */
export function foldEvent<P extends ProjectPicture>(picture: P, message: EventMessage): P {
  switch (message.event) {
    case 'snapshot': {
      const snapshot = message.payload;
      if (!snapshot)
        return { ...picture, loaded: true, project: null, types: [], instances: new Map(), diagnostics: [] };
      const { types, instances, diagnostics, ...project } = snapshot;
      return {
        ...picture,
        loaded: true,
        project,
        types,
        instances: new Map(instances.map((i) => [i.id, i])),
        diagnostics,
      };
    }
    case 'instance': {
      const instances = new Map(picture.instances);
      instances.set(message.payload.id, message.payload);
      return { ...picture, instances };
    }
    case 'instance-removed': {
      if (!picture.instances.has(message.payload.id)) return picture;
      const instances = new Map(picture.instances);
      instances.delete(message.payload.id);
      return { ...picture, instances };
    }
    case 'types':
      return { ...picture, types: message.payload };
    case 'diagnostics':
      return { ...picture, diagnostics: message.payload };
    case 'crash':
    case 'notice':
    case 'output':
    case 'output-gap':
    case 'shell':
    case 'search':
      return picture;
    default:
      return assertNever(message, 'event');
  }
}

/**
 * The same project: the same folder and the same Procfile. Anything else is another
 * project, whose same-named instances are other processes (views, selections, output
 * subscriptions and recents start over).
 */
export function sameProject(
  a: Pick<ProjectInfo, 'dir' | 'procfile'> | null,
  b: Pick<ProjectInfo, 'dir' | 'procfile'> | null,
): boolean {
  if (a === null || b === null) return a === b;
  return a.dir === b.dir && a.procfile === b.procfile;
}

/** Some instance came, went, or changed its kind of state (what the badge and summaries count). */
export function statesChanged(before: ProjectPicture, after: ProjectPicture): boolean {
  if (before.instances === after.instances) return false;
  if (before.instances.size !== after.instances.size) return true;
  for (const [id, instance] of after.instances) {
    if (before.instances.get(id)?.state.kind !== instance.state.kind) return true;
  }
  return false;
}

/** The instance the event is about, with its state, when it just entered a state of this kind (it was not in it before). */
export function entered<K extends InstanceStateKind>(
  before: ProjectPicture,
  message: EventMessage,
  kind: K,
): { readonly instance: InstanceSnapshot; readonly state: Extract<InstanceState, { kind: K }> } | null {
  if (message.event !== 'instance') return null;
  const instance = message.payload;
  const state = instance.state;
  if (!isKind(state, kind) || before.instances.get(instance.id)?.state.kind === kind) return null;
  return { instance, state };
}

function isKind<K extends InstanceStateKind>(
  state: InstanceState,
  kind: K,
): state is Extract<InstanceState, { kind: K }> {
  return state.kind === kind;
}
