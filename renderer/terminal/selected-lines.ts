/**
 * The whole lines a terminal's selection touches, as the terminal shows them: Save range…
 * saves lines, so a selection that starts or ends mid-line takes the line whole. A line
 * the terminal wrapped over several rows is one line again.
 */
import type { Terminal } from '@xterm/xterm';

/** The selected lines, oldest first; null when nothing is selected. */
export function selectedLines(term: Pick<Terminal, 'getSelectionPosition' | 'buffer'>): string[] | null {
  const range = term.getSelectionPosition();
  if (!range) return null;
  const buffer = term.buffer.active;
  // Buffer rows, 0-based; the end column is exclusive, so a selection ending at the start of a row leaves that row out.
  let first = range.start.y;
  let last = range.end.x === 0 && range.end.y > first ? range.end.y - 1 : range.end.y;
  while (first > 0 && buffer.getLine(first)?.isWrapped) first--;
  while (buffer.getLine(last + 1)?.isWrapped) last++;
  const lines: string[] = [];
  for (let y = first; y <= last; y++) {
    const row = buffer.getLine(y);
    if (!row) break;
    // A row the next one continues keeps its trailing blanks: they are part of the line.
    const text = row.translateToString(!buffer.getLine(y + 1)?.isWrapped);
    if (row.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  return lines;
}
