/**
 * The file Save range… writes: one line per output line, `HH:MM:SS.mmm text`, or in the
 * merged view's case `HH:MM:SS.mmm web.1 | text` (the instance named as the terminal names
 * it). Plain text: the host's lines come without escape sequences (the shared line rules),
 * and a terminal's selection is what the terminal shows.
 *
 * One home for the format: the web view builds the file from `output.range` and downloads
 * it; the desktop host builds it the same way and writes it where the user chose.
 */
import { ARRIVAL_STAMP_WIDTH, formatArrival } from './arrival-times';
import type { RangeView, TimedLine } from './contract';

/** The characters a line costs besides its text, for a range of these instances. */
export function rangeLineOverhead(view: RangeView, instances: readonly string[]): number {
  return ARRIVAL_STAMP_WIDTH + (view === 'merged' ? labelWidth(instances) + 3 : 0) + 1;
}

export function rangeFileText(lines: readonly TimedLine[], view: RangeView): string {
  const width = view === 'merged' ? labelWidth(lines.map((l) => l.instance)) : 0;
  let text = '';
  for (const line of lines) {
    text += formatArrival(line.at);
    if (view === 'merged') text += `${line.instance.padEnd(width)} | `;
    text += `${line.text}\n`;
  }
  return text;
}

/** A selection as a file: its lines, each ended. */
export function selectionFileText(selection: string): string {
  return selection.endsWith('\n') || selection === '' ? selection : `${selection}\n`;
}

/** `procdeck-web.1-20240131-140327.txt`, `procdeck-all-output-….txt`: letters, digits, `.`, `_` and `-` only. */
export function rangeFileName(view: RangeView, at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
  return `procdeck-${view === 'merged' ? 'all-output' : view}-${stamp}.txt`;
}

function labelWidth(ids: readonly string[]): number {
  let width = 0;
  for (const id of ids) width = Math.max(width, id.length);
  return width;
}
