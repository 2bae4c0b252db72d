/**
 * The results of one search as the view holds them: matching lines grouped per
 * instance (in the order instances first matched), the counts the host reports, and how
 * the search ended. Pure: `withSearchEvent(results, event)` folds the host's events in.
 */
import type { SearchEvent, SearchMatch } from '../../../shared/contract';
import type { InstanceId } from '../../../shared/model';

export type SearchStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running' }
  | {
      readonly kind: 'finished';
      readonly outcome: Extract<SearchEvent, { kind: 'done' }>['outcome'];
      readonly bytes: number;
      readonly elapsedMs: number;
      readonly message: string | null;
    }
  | { readonly kind: 'refused'; readonly message: string };

export interface SearchGroup {
  readonly instance: InstanceId;
  /** Matching lines in this instance's logs (all of them, also those not sent). */
  readonly count: number;
  readonly matches: readonly SearchMatch[];
}

export interface SearchResults {
  /** The host's id of the search these are from; null before one started. */
  readonly search: number | null;
  readonly groups: readonly SearchGroup[];
  readonly status: SearchStatus;
}

export const NO_RESULTS: SearchResults = { search: null, groups: [], status: { kind: 'idle' } };

export function startedResults(search: number): SearchResults {
  return { search, groups: [], status: { kind: 'running' } };
}

/** Folds one event in; an event of another search (an older one) changes nothing. */
export function withSearchEvent(results: SearchResults, event: SearchEvent): SearchResults {
  if (event.search !== results.search) return results;
  switch (event.kind) {
    case 'matches': {
      const byInstance = new Map<InstanceId, SearchMatch[]>();
      for (const m of event.matches) {
        const list = byInstance.get(m.instance);
        if (list) list.push(m);
        else byInstance.set(m.instance, [m]);
      }
      const groups = results.groups.map((g) => {
        const more = byInstance.get(g.instance);
        byInstance.delete(g.instance);
        return more ? { ...g, matches: [...g.matches, ...more] } : g;
      });
      for (const [instance, matches] of byInstance) groups.push({ instance, count: 0, matches });
      return { ...results, groups: withCounts(groups, event.counts) };
    }
    case 'done':
      return {
        ...results,
        groups: withCounts(results.groups, event.counts),
        status: {
          kind: 'finished',
          outcome: event.outcome,
          bytes: event.bytes,
          elapsedMs: event.elapsedMs,
          message: event.message ?? null,
        },
      };
  }
}

/** Counts from the host; an instance counted but with no line sent (past the limit) still gets its group. */
function withCounts(groups: SearchGroup[] | readonly SearchGroup[], counts: SearchEvent['counts']): SearchGroup[] {
  const count = new Map(counts.map((c) => [c.instance, c.lines]));
  const out = groups.map((g) => ({ ...g, count: Math.max(count.get(g.instance) ?? 0, g.matches.length) }));
  for (const c of counts) {
    if (c.lines > 0 && !out.some((g) => g.instance === c.instance))
      out.push({ instance: c.instance, count: c.lines, matches: [] });
  }
  return out;
}

/** The match of a line as segments: `[text, isMatch]` in order. */
export function matchSegments(match: Pick<SearchMatch, 'text' | 'ranges'>): [string, boolean][] {
  const out: [string, boolean][] = [];
  let at = 0;
  for (let i = 0; i + 1 < match.ranges.length; i += 2) {
    const s = Math.max(at, match.ranges[i] as number);
    const e = Math.max(s, match.ranges[i + 1] as number);
    if (s > at) out.push([match.text.slice(at, s), false]);
    if (e > s) out.push([match.text.slice(s, e), true]);
    at = e;
  }
  if (at < match.text.length) out.push([match.text.slice(at), false]);
  return out;
}
