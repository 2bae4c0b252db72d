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

/**
 * A terminal in the registry: a view's own, or an instance's second terminal that shows
 * its lines with arrival times (timestamps on; renderer/output/stamped-instances.ts). The
 * merged view needs no second one: it writes its lines again, with or without times.
 */
export type TerminalId = ViewId | `stamped:${InstanceId}`;

export function stampedViewId(id: InstanceId): TerminalId {
  return `stamped:${id}`;
}

/** The terminal a view shows: with timestamps on, an instance's stamped one. */
export function shownTerminal(view: ViewSelection, timestamps: boolean): TerminalId {
  return view.kind === 'instance' && timestamps ? stampedViewId(view.id) : viewIdOf(view);
}
