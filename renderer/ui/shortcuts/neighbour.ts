/**
 * Moving between instances with j/k: the next or previous one in the panes' order.
 *
 * From the merged view, down goes to the first instance and up to the last; at either end
 * the selection stays (no wrapping: holding `j` stops at the bottom instead of jumping).
 */
import type { InstanceId } from '../../../shared/model';

export function neighbour(
  ordered: readonly InstanceId[],
  current: InstanceId | null,
  direction: 'next' | 'previous',
): InstanceId | null {
  if (ordered.length === 0) return null;
  const at = current === null ? -1 : ordered.indexOf(current);
  if (at < 0) return (direction === 'next' ? ordered[0] : ordered[ordered.length - 1]) ?? null;
  const to = direction === 'next' ? Math.min(ordered.length - 1, at + 1) : Math.max(0, at - 1);
  return ordered[to] ?? null;
}
