/**
 * Which output the terminal panel shows: one instance's terminal, or the merged view of
 * all instances (optionally only some types) with `web.1 |` prefixes.
 */
import type { InstanceId } from '../../shared/model';

export type ViewSelection = { readonly kind: 'merged' } | { readonly kind: 'instance'; readonly id: InstanceId };

/** The registry key of a terminal. */
export type ViewId = 'merged' | `instance:${InstanceId}`;

export const MERGED: ViewSelection = { kind: 'merged' };

export function viewIdOf(view: ViewSelection): ViewId {
  return view.kind === 'merged' ? 'merged' : `instance:${view.id}`;
}

export function instanceViewId(id: InstanceId): ViewId {
  return `instance:${id}`;
}
