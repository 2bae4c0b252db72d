/**
 * Tools for the terminal on screen: search (next/previous, highlighted), clear, copy,
 * follow (scroll-lock when off) and, in a browser, the full log of an instance.
 */
import { useEffect, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { ISearchOptions } from '@xterm/addon-search';
import type { InstanceId } from '../../shared/model';
import type { ViewId } from '../store/view';
import { searchColors } from '../terminal/terminal-theme';
import { openFullLog as openLog } from './full-log';
import { useDashboard, useServices } from './services';

interface Results {
  readonly index: number;
  readonly count: number;
}

export function TerminalToolbar({ viewId, instance }: { viewId: ViewId; instance: InstanceId | null }) {
  const services = useServices();
  const { terminals, bridge, store } = services;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const following = useSyncExternalStore(
    (listener) => terminals.onFollowChange(viewId, listener),
    () => terminals.isFollowing(viewId),
  );

  useEffect(() => {
    const entry = terminals.ensure(viewId);
    const subscription = entry.search.onDidChangeResults((e) =>
      setResults({ index: e.resultIndex, count: e.resultCount }),
    );
    return () => {
      subscription.dispose();
      entry.search.clearDecorations();
    };
  }, [terminals, viewId]);

  const options = (incremental: boolean): ISearchOptions => ({
    incremental,
    decorations: searchColors(terminals.themeName),
  });

  function find(direction: 'next' | 'previous', text = query, incremental = false) {
    const search = terminals.ensure(viewId).search;
    if (!text) {
      search.clearDecorations();
      setResults(null);
      return;
    }
    const found =
      direction === 'next' ? search.findNext(text, options(incremental)) : search.findPrevious(text, options(false));
    if (!found) setResults({ index: -1, count: 0 });
  }

  function onKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') {
      event.preventDefault();
      find(event.shiftKey ? 'previous' : 'next');
    } else if (event.key === 'Escape') {
      setQuery('');
      find('next', '');
    }
  }

  async function copy() {
    const term = terminals.ensure(viewId).term;
    const text = term.hasSelection() ? term.getSelection() : terminals.lines(viewId).join('\n');
    try {
      await navigator.clipboard.writeText(text);
      store.getState().notify({
        level: 'info',
        message: term.hasSelection() ? 'Copied the selection' : 'Copied the whole output',
        at: Date.now(),
      });
    } catch {
      store.getState().notify({
        level: 'warning',
        message: 'The browser did not allow copying; select the text and press Ctrl+C',
        at: Date.now(),
      });
    }
  }

  // The web view downloads full logs; the desktop app opens the file in the user's viewer (log.open).
  const hostKind = useDashboard((s) => s.host?.kind ?? null);
  const openFullLog = (id: InstanceId) => openLog(bridge, store, id, hostKind === 'electron');

  return (
    <div className="terminal-toolbar" role="toolbar" aria-label="Output tools">
      <span className="search">
        <input
          type="search"
          aria-label="Search output"
          placeholder="Search output"
          value={query}
          spellCheck={false}
          onChange={(e) => {
            setQuery(e.target.value);
            find('next', e.target.value, true);
          }}
          onKeyDown={onKey}
        />
        <button
          type="button"
          className="icon"
          aria-label="Previous match"
          title="Previous match (Shift+Enter)"
          onClick={() => find('previous')}
        >
          ↑
        </button>
        <button
          type="button"
          className="icon"
          aria-label="Next match"
          title="Next match (Enter)"
          onClick={() => find('next')}
        >
          ↓
        </button>
        <span className="search-results" aria-live="polite">
          {results === null || !query
            ? ''
            : results.count === 0
              ? 'no match'
              : results.index < 0
                ? `${results.count}+ matches`
                : `${results.index + 1} of ${results.count}`}
        </span>
      </span>
      <span className="tools">
        <button
          type="button"
          onClick={() => terminals.clear(viewId)}
          title="Clear the view (the host keeps the output)"
        >
          Clear
        </button>
        <button type="button" onClick={() => void copy()} title="Copy the selection, or all of it">
          Copy
        </button>
        <button
          type="button"
          aria-label="Follow output"
          aria-pressed={following}
          title={following ? 'Following new output; click to hold the view still' : 'Held; click to follow new output'}
          onClick={() => terminals.setFollowing(viewId, !following)}
        >
          {following ? '⇣ Follow' : '⏸ Held'}
        </button>
        {instance && hostKind !== null && (
          <button type="button" onClick={() => void openFullLog(instance)} title="The whole log, every byte">
            Full log
          </button>
        )}
      </span>
    </div>
  );
}
