/**
 * `window.__procdeckTest`: lets end-to-end tests read what the terminals hold (their
 * buffers, whatever renderer draws them). Read-only: it exposes nothing the page does
 * not already show. Installed only in a build for the tests (PROCDECK_TEST_HOOK=1, see
 * scripts/test-hook-build.mjs): production bundles hold none of it.
 */
import type { OutputHub, OutputStats } from '../output/output-hub';
import type { TerminalId } from '../store/view';
import type { TerminalRegistry } from './terminal-registry';

export interface ProcdeckTestHook {
  /** The lines of a terminal (`instance:web.1`, `merged`, `stamped:web.1` with timestamps), trailing blank lines dropped. */
  lines(viewId: TerminalId): string[];
  views(): TerminalId[];
  /** A terminal's size in cells; null when it does not exist. */
  size(viewId: TerminalId): { cols: number; rows: number } | null;
  /** What the output hub has received, written and skipped so far. */
  output(): OutputStats;
  /** Per-instance output state (how far its terminal and the merged view have got, subscription, unacknowledged bytes). */
  feeds(): ReturnType<OutputHub['inspect']>;
}

declare global {
  interface Window {
    __procdeckTest?: ProcdeckTestHook;
  }
}

export function installTestHook(win: Window, terminals: TerminalRegistry, hub: OutputHub): void {
  win.__procdeckTest = Object.freeze({
    lines: (viewId: TerminalId) => terminals.lines(viewId),
    views: () => terminals.views(),
    size: (viewId: TerminalId) => {
      const term = terminals.get(viewId)?.term;
      return term ? { cols: term.cols, rows: term.rows, viewportY: term.buffer.active.viewportY } : null;
    },
    output: () => ({ ...hub.stats }),
    feeds: () => hub.inspect(),
  });
}
