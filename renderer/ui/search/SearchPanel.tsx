/**
 * "Search all output", above the terminals: the field (Ctrl/⌘+Shift+F), its toggles and
 * scope, the "Search results" list grouped per instance, and the full-log excerpt a
 * result opens when its line has left the terminal.
 */
import '../../styles/search.css';
import { useEffect, useRef, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from 'zustand';
import { orderedInstances } from '../../store/host-state';
import { useDashboard, useServices } from '../services';
import { openMatch } from './open-match';
import type { SearchStatus } from './search-results';
import type { SearchActions, SearchScope, SearchState } from './search-store';
import { LogExcerptView } from './LogExcerptView';
import { MatchLine } from './MatchLine';

function useSearch<T>(selector: (state: SearchState & SearchActions) => T): T {
  return useStore(useServices().search, selector);
}

export function SearchPanel() {
  return (
    <div className="search-panel">
      <SearchField />
      <SearchResultsList />
      <LogExcerptView />
    </div>
  );
}

function SearchField() {
  const input = useRef<HTMLInputElement>(null);
  const text = useSearch((s) => s.text);
  const regex = useSearch((s) => s.regex);
  const caseSensitive = useSearch((s) => s.caseSensitive);
  const scope = useSearch((s) => s.scope);
  const focusAsked = useSearch((s) => s.focusAsked);
  const running = useSearch((s) => s.results.status.kind === 'running');
  const actions = useSearch(
    useShallow((s) => ({
      setText: s.setText,
      setRegex: s.setRegex,
      setCaseSensitive: s.setCaseSensitive,
      setScope: s.setScope,
      run: s.run,
      cancel: s.cancel,
      clear: s.clear,
      askFocus: s.askFocus,
    })),
  );
  const types = useDashboard(useShallow((s) => s.types.map((t) => t.name)));
  const instances = useDashboard(useShallow((s) => orderedInstances(s).map((i) => i.id)));

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        actions.askFocus();
      }
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [actions]);
  useEffect(() => {
    if (focusAsked > 0) input.current?.select();
  }, [focusAsked]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void actions.run();
  };
  return (
    <form className="search-field" role="search" onSubmit={submit}>
      <input
        ref={input}
        type="search"
        aria-label="Search all output"
        placeholder="Search all output (Ctrl+Shift+F)"
        value={text}
        maxLength={1000}
        onChange={(e) => actions.setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') actions.clear();
        }}
      />
      <button
        type="button"
        className="chip toggle"
        aria-pressed={regex}
        title="Regular expression"
        onClick={() => actions.setRegex(!regex)}
      >
        .*
      </button>
      <button
        type="button"
        className="chip toggle"
        aria-pressed={caseSensitive}
        title="Match case"
        aria-label="Match case"
        onClick={() => actions.setCaseSensitive(!caseSensitive)}
      >
        Aa
      </button>
      <select
        aria-label="Search in"
        value={scopeValue(scope)}
        onChange={(e) => actions.setScope(scopeOf(e.target.value))}
      >
        <option value="all">all instances</option>
        {types.map((t) => (
          <option key={t} value={`type:${t}`}>
            type {t}
          </option>
        ))}
        {instances.map((id) => (
          <option key={id} value={`instance:${id}`}>
            {id}
          </option>
        ))}
      </select>
      {running ? (
        <button type="button" onClick={() => actions.cancel()}>
          Cancel search
        </button>
      ) : (
        <button type="submit">Search</button>
      )}
    </form>
  );
}

function scopeValue(scope: SearchScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'type':
      return `type:${scope.type}`;
    case 'instance':
      return `instance:${scope.instance}`;
  }
}

function scopeOf(value: string): SearchScope {
  if (value.startsWith('type:')) return { kind: 'type', type: value.slice(5) };
  if (value.startsWith('instance:'))
    return { kind: 'instance', instance: value.slice(9) as Extract<SearchScope, { kind: 'instance' }>['instance'] };
  return { kind: 'all' };
}

function SearchResultsList() {
  const results = useSearch((s) => s.results);
  const services = useServices();
  if (results.status.kind === 'idle') return null;
  const total = results.groups.reduce((n, g) => n + g.count, 0);
  return (
    <section className="search-results" aria-label="Search results">
      <div className="search-status" role="status">
        {statusText(results.status, total, results.groups.length)}
        <button type="button" className="link" onClick={() => services.search.getState().clear()}>
          Close
        </button>
      </div>
      {results.groups.map((group) => (
        <section key={group.instance} className="search-group" aria-label={`Matches in ${group.instance}`}>
          <h3>
            {group.instance} <span className="count">{plural(group.count, 'line')}</span>
          </h3>
          <ol>
            {group.matches.map((m) => (
              <li key={`${m.stream}:${m.offset}`}>
                <button type="button" className="search-match" onClick={() => void openMatch(services, m)}>
                  <MatchLine match={m} />
                </button>
              </li>
            ))}
          </ol>
          {group.count > group.matches.length && (
            <p className="dim">{group.count - group.matches.length} more not listed; narrow the search</p>
          )}
        </section>
      ))}
    </section>
  );
}

function statusText(status: SearchStatus, total: number, instances: number): string {
  const found = `${plural(total, 'matching line')} in ${plural(instances, 'instance')}`;
  switch (status.kind) {
    case 'idle':
      return '';
    case 'running':
      return `Searching… ${found}`;
    case 'refused':
      return `Cannot search: ${status.message}`;
    case 'finished': {
      const how = `${(status.bytes / 1048576).toFixed(1)} MiB in ${(status.elapsedMs / 1000).toFixed(1)} s`;
      const extra = status.message ? ` (${status.message})` : '';
      switch (status.outcome) {
        case 'complete':
          return `${total === 0 ? 'No match' : found}; ${how}${extra}`;
        case 'limited':
          return `${found}; only the first lines are listed; ${how}${extra}`;
        case 'cancelled':
          return `Cancelled: ${found} so far`;
        case 'timed-out':
          return `Stopped (too slow): ${found} so far${extra}`;
        case 'failed':
          return `The search failed${extra}`;
      }
    }
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
