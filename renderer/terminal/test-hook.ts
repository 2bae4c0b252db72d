/**
 * `window.__procdeckTest`: lets end-to-end tests read what the terminals hold (their
 * buffers, whatever renderer draws them). Read-only: it exposes nothing the page does
 * not already show.
 */
import type { ViewId } from '../store/view';
import type { TerminalRegistry } from './terminal-registry';

export interface ProcdeckTestHook {
  /** The lines of a view's terminal (`instance:web.1`, `merged`), trailing blank lines dropped. */
  lines(viewId: ViewId): string[];
  views(): ViewId[];
}

declare global {
  interface Window {
    __procdeckTest?: ProcdeckTestHook;
  }
}

export function installTestHook(win: Window, terminals: TerminalRegistry): void {
  win.__procdeckTest = Object.freeze({
    lines: (viewId: ViewId) => terminals.lines(viewId),
    views: () => terminals.views(),
  });
}
