/**
 * What the focused element does with keys (see FocusKind): read from the DOM at the edge,
 * so keymap.ts stays pure.
 *
 * A terminal takes keys when it shows one instance whose state accepts input (the same
 * predicate the view bar uses to say "keys typed in the terminal go to web.1"); the merged
 * view and a stopped instance's terminal take none, so shortcuts work there. With timestamps
 * on, the instance's stamped terminal (`stamped:web.1`) takes keys as its own one does.
 */
import { takesInput } from '../../../shared/instance-state';
import type { InstanceId, InstanceSnapshot } from '../../../shared/model';
import type { FocusKind } from './keymap';

const TEXT_INPUTS = new Set(['text', 'search', 'number', 'email', 'url', 'password', 'tel', 'range', 'date', 'time']);

export function focusKind(
  element: Element | null,
  instance: (id: InstanceId) => Pick<InstanceSnapshot, 'state'> | undefined,
): FocusKind {
  if (!element || element === element.ownerDocument.body) return 'page';
  if (element.closest('dialog[open], [role="dialog"]')) return 'dialog';
  const terminal = element.closest<HTMLElement>('.terminal-view[data-view]');
  if (terminal) {
    // An instance's terminal, or its stamped one (timestamps on): both send keys to the instance.
    const owner = /^(?:instance|stamped):(.+)$/.exec(terminal.dataset.view ?? '')?.[1];
    if (!owner) return 'page';
    const state = instance(owner as InstanceId)?.state;
    return state && takesInput(state) ? 'typing' : 'page';
  }
  if (element instanceof HTMLInputElement) return TEXT_INPUTS.has(element.type) ? 'typing' : 'control';
  if (element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return 'typing';
  if (element instanceof HTMLElement && element.isContentEditable) return 'typing';
  if (element.closest('button, a[href], summary, [role="button"], [role="slider"]')) {
    return element.closest('[role="slider"]') ? 'typing' : 'control';
  }
  return 'page';
}
