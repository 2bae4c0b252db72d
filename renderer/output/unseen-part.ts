/**
 * What of a batch one view of an instance still has to show, given how far that view has
 * got in the instance's stream (offset one past the last byte it showed or marked as
 * skipped; null before its first byte).
 *
 * Every view keeps its own position: the merged view misses what arrives while it does
 * not show the instance, so it cannot go by the instance terminal's position (it did once,
 * and lost a stream's last line that way: issue 16).
 */
export type UnseenPart =
  /** The first bytes this view gets; the `before` bytes ahead of them it never will. */
  | { readonly kind: 'first'; readonly data: Uint8Array; readonly before: number }
  /** Continues where the view is (a replayed overlap trimmed off; may be empty). */
  | { readonly kind: 'next'; readonly data: Uint8Array }
  /** Starts `skipped` bytes past where the view is. */
  | { readonly kind: 'after-hole'; readonly data: Uint8Array; readonly skipped: number };

export function unseenPart(position: number | null, offset: number, data: Uint8Array): UnseenPart {
  if (position === null) return { kind: 'first', data, before: offset };
  if (offset > position) return { kind: 'after-hole', data, skipped: offset - position };
  return { kind: 'next', data: data.subarray(Math.min(data.byteLength, position - offset)) };
}
