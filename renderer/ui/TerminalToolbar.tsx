/**
 * Tools for the terminal on screen: search (next/previous, highlighted), clear, copy,
 * follow (scroll-lock when off), timestamps, Save range… and the full log of an instance.
 *
 * `viewId` is the view (what timestamps and clear belong to), `terminalId` the terminal
 * it shows now (what search, copy, follow and the selection act on).
 */
import { useEffect, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { ISearchOptions } from '@xterm/addon-search';
import type { InstanceId } from '../../shared/model';
import type { TerminalId, ViewId } from '../store/view';
import { searchColors } from '../terminal/terminal-theme';
import { openFullLog as openLog } from './full-log';
import { SaveRangeDialog } from './save-range/SaveRangeDialog';
import { useDashboard, useServices } from './services';
import { clearView } from './view-actions';

interface Results {
  readonly index: number;
  readonly count: number;
}

export function TerminalToolbar({
  viewId,
  terminalId,
  instance,
}: {
  viewId: ViewId;
  terminalId: TerminalId;
  instance: InstanceId | null;
}) {
  const services = useServices();
  const { terminals, bridge, store } = services;
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const [saving, setSaving] = useState(false);
  const timestamps = useDashboard((s) => s.timestamps.has(viewId));
  const toggleTimestamps = useDashboard((s) => s.toggleTimestamps);
  const following = useSyncExternalStore(
    (listener) => terminals.onFollowChange(terminalId, listener),
    () => terminals.isFollowing(terminalId),
  );

  useEffect(() => {
    const entry = terminals.ensure(terminalId);
    const subscription = entry.search.onDidChangeResults((e) =>
      setResults({ index: e.resultIndex, count: e.resultCount }),
    );
    return () => {
      subscription.dispose();
      entry.search.clearDecorations();
    };
  }, [terminals, terminalId]);

  const options = (incremental: boolean): ISearchOptions => ({
    incremental,
    decorations: searchColors(terminals.themeName),
  });

  function find(direction: 'next' | 'previous', text = query, incremental = false) {
    const search = terminals.ensure(terminalId).search;
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
    const term = terminals.ensure(terminalId).term;
    const text = term.hasSelection() ? term.getSelection() : terminals.lines(terminalId).join('\n');
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
        {/* Before Clear: the group is right-aligned, so the long-standing buttons keep their places. */}
        <button
          type="button"
          aria-pressed={timestamps}
          title={
            timestamps
              ? 'Each line starts with when it arrived (HH:MM:SS.mmm); click to hide the times (t)'
              : instance
                ? 'Show when each line arrived (t); the output shows as lines, as in All output'
                : 'Show when each line arrived (t)'
          }
          onClick={() => toggleTimestamps(viewId)}
        >
          Timestamps
        </button>
        <button
          type="button"
          onClick={() => setSaving(true)}
          title="Save the selected lines, or the lines of a time range, to a text file"
        >
          Save range…
        </button>
        <button
          type="button"
          onClick={() => clearView(services, viewId)}
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
          onClick={() => terminals.setFollowing(terminalId, !following)}
        >
          {following ? '⇣ Follow' : '⏸ Held'}
        </button>
        {instance && hostKind !== null && (
          <button type="button" onClick={() => void openFullLog(instance)} title="The whole log, every byte">
            Full log
          </button>
        )}
      </span>
      <SaveRangeDialog
        open={saving}
        onClose={() => setSaving(false)}
        view={instance ?? 'merged'}
        terminal={terminalId}
      />
    </div>
  );
}
