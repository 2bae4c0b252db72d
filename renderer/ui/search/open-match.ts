/**
 * Opening a search result: show that instance's terminal scrolled to the line, the match
 * selected; when the line is no longer in the terminal (it left the scrollback, or the
 * view skipped it while behind), show the full log at the match's offset instead.
 *
 * The terminal of an instance nobody looked at has not been fed yet: it is fed once it is
 * on screen, so opening waits (briefly) until the terminal has written past the match's
 * offset (a PTY log's offsets are its output's) or the line turns up.
 */
import type { IBuffer } from '@xterm/xterm';
import { readableLine } from '../../../shared/line-rules';
import type { SearchMatch } from '../../../shared/contract';
import { instanceViewId } from '../../store/view';
import type { Services } from '../services';
import { matchSegments } from './search-results';

/** How long the terminal may take to catch up with the instance's buffered output. */
const CATCH_UP_MS = 3000;

export async function openMatch(services: Services, match: SearchMatch): Promise<void> {
  const { store, terminals, hub, search, bridge } = services;
  search.getState().closeExcerpt();
  store.getState().select({ kind: 'instance', id: match.instance });
  const viewId = instanceViewId(match.instance);
  const wanted = lineToFind(match);
  const deadline = performance.now() + CATCH_UP_MS;
  for (;;) {
    const entry = terminals.ensure(viewId);
    const found = findLine(entry.term.buffer.active, wanted);
    if (found !== null) {
      terminals.setFollowing(viewId, false);
      entry.term.scrollToLine(Math.max(0, found.row - Math.floor(entry.term.rows / 3)));
      entry.term.select(found.column, found.row, Math.max(1, wanted.match.length));
      return;
    }
    const feed = hub.inspect()[match.instance];
    const caughtUp =
      feed !== undefined && feed.subscribed && feed.writesInFlight === 0 && (feed.written ?? -1) > match.offset;
    if ((caughtUp && match.stream === 'pty') || performance.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const answer = await bridge.call('search.readLog', {
    instance: match.instance,
    stream: match.stream,
    offset: match.offset,
  });
  if (answer.ok) search.getState().showExcerpt(match, answer.value);
  else store.getState().notify({ level: 'error', message: answer.error.message, at: Date.now() });
}

/** What the terminal shows of the matching line: the whole (readable) line and its first match. */
function lineToFind(match: SearchMatch): { line: string; match: string } {
  const first = matchSegments(match).find(([, isMatch]) => isMatch)?.[0] ?? '';
  return { line: readableLine(match.text, 'drop-colours').trimEnd(), match: readableLine(first, 'drop-colours') };
}

/**
 * The last logical line (wrapped rows joined) of `buffer` that holds `wanted.line`: its
 * first row and the column of the match in that row.
 */
export function findLine(
  buffer: IBuffer,
  wanted: { line: string; match: string },
): { row: number; column: number } | null {
  if (wanted.line === '') return null;
  let text = '';
  let start = 0;
  let hit: { row: number; column: number } | null = null;
  const check = () => {
    if (!text.includes(wanted.line)) return;
    const at = Math.max(0, text.indexOf(wanted.match, text.indexOf(wanted.line)));
    const cols = buffer.getLine(start)?.length ?? 80;
    hit = { row: start + Math.floor(at / cols), column: at % cols };
  };
  for (let row = 0; row < buffer.length; row++) {
    const line = buffer.getLine(row);
    if (!line) continue;
    if (line.isWrapped) {
      text += line.translateToString(false);
      continue;
    }
    check();
    start = row;
    text = line.translateToString(false);
  }
  check();
  return hit;
}
