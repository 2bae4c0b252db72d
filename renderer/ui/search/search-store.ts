/**
 * Search all output, the view's side: the query the user is typing, the results of the
 * search the host runs for it, and the full-log excerpt a result opened. A zustand store
 * of its own (the dashboard's store knows nothing of searches); the host's `search`
 * events come in through `receive`.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LogExcerpt, SearchEvent, SearchMatch, SearchQuery } from '../../../shared/contract';
import type { Bridge } from '../../bridge/bridge';
import { NO_RESULTS, startedResults, withSearchEvent, type SearchResults } from './search-results';

/** Which instances a search covers: all, one type, or one instance. */
export type SearchScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'type'; readonly type: string }
  | { readonly kind: 'instance'; readonly instance: SearchMatch['instance'] };

export interface SearchState {
  readonly text: string;
  readonly regex: boolean;
  readonly caseSensitive: boolean;
  readonly scope: SearchScope;
  readonly results: SearchResults;
  /** The full log around a result that has left the terminal's scrollback. */
  readonly excerpt: { readonly match: SearchMatch; readonly excerpt: LogExcerpt } | null;
  /** Bumped to ask the search field to take the focus (Ctrl/⌘+Shift+F). */
  readonly focusAsked: number;
}

export interface SearchActions {
  setText(text: string): void;
  setRegex(on: boolean): void;
  setCaseSensitive(on: boolean): void;
  setScope(scope: SearchScope): void;
  /** Starts the search for the current query (cancelling the one before, on the host too). */
  run(): Promise<void>;
  cancel(): void;
  clear(): void;
  receive(event: SearchEvent): void;
  showExcerpt(match: SearchMatch, excerpt: LogExcerpt): void;
  closeExcerpt(): void;
  askFocus(): void;
}

export type SearchStore = StoreApi<SearchState & SearchActions>;

export function createSearchStore(bridge: Bridge): SearchStore {
  // Events can overtake the answer to `search.start` on a transport: held until it comes.
  let early: SearchEvent[] = [];
  let starting = false;
  return createStore<SearchState & SearchActions>()((set, get) => ({
    text: '',
    regex: false,
    caseSensitive: false,
    scope: { kind: 'all' },
    results: NO_RESULTS,
    excerpt: null,
    focusAsked: 0,
    setText: (text) => set({ text }),
    setRegex: (regex) => set({ regex }),
    setCaseSensitive: (caseSensitive) => set({ caseSensitive }),
    setScope: (scope) => set({ scope }),
    async run() {
      const { text, regex, caseSensitive, scope } = get();
      if (text === '') return get().clear();
      get().cancel();
      const query: SearchQuery = {
        text,
        regex,
        caseSensitive,
        ...(scope.kind === 'type' ? { types: [scope.type] } : {}),
        ...(scope.kind === 'instance' ? { instances: [scope.instance] } : {}),
      };
      starting = true;
      early = [];
      set({ results: { ...NO_RESULTS, status: { kind: 'running' } } });
      const answer = await bridge.call('search.start', query);
      starting = false;
      if (!answer.ok) {
        set({ results: { ...NO_RESULTS, status: { kind: 'refused', message: answer.error.message } } });
        return;
      }
      let results = startedResults(answer.value.search);
      for (const event of early) results = withSearchEvent(results, event);
      early = [];
      set({ results });
    },
    cancel() {
      const { results } = get();
      if (results.search !== null && results.status.kind === 'running')
        void bridge.call('search.cancel', { search: results.search });
    },
    clear() {
      get().cancel();
      set({ results: NO_RESULTS, excerpt: null });
    },
    receive(event) {
      if (starting) {
        early.push(event);
        return;
      }
      set((state) => ({ results: withSearchEvent(state.results, event) }));
    },
    showExcerpt: (match, excerpt) => set({ excerpt: { match, excerpt } }),
    closeExcerpt: () => set({ excerpt: null }),
    askFocus: () => set((state) => ({ focusAsked: state.focusAsked + 1 })),
  }));
}
