/**
 * `output.range` and `output.saveRange` (timestamps, issue 13): the buffered lines of some
 * instances over a span of arrival times, oldest first across them, within
 * OUTPUT_RANGE_LIMITS; and, in the desktop app, those lines or a terminal's selection
 * written to a file the user picks in a native save dialog.
 */
import {
  OUTPUT_RANGE_LIMITS,
  type OutputRange,
  type OutputRangeQuery,
  type RangeView,
  type SavedRange,
  type SaveRangeRequest,
  type TimedLine,
} from '../../../shared/contract';
import { rangeFileName, rangeFileText, rangeLineOverhead, selectionFileText } from '../../../shared/range-file';
import { heldSince, linesInRange, type RangeBudget } from '../../core/output/timed-lines';
import { HostCallError, type HostScope } from './call-handler';

export function readRange(host: HostScope, query: OutputRangeQuery, view: RangeView = 'merged'): OutputRange {
  if (query.from > query.to) throw new HostCallError('invalid-request', 'output.range: `from` is after `to`');
  const budget: RangeBudget = {
    chars: OUTPUT_RANGE_LIMITS.textChars,
    lines: OUTPUT_RANGE_LIMITS.lines,
    perLine: rangeLineOverhead(view, query.instances),
  };
  const perInstance: TimedLine[][] = [];
  let clipped = false;
  let since: number | null = null;
  // Each instance is read in full before the next, so a clipped range may favour the first
  // instances; the limit is far past what a person reads, and the reply says it was clipped.
  for (const instance of new Set(query.instances)) {
    const ring = host.instance(instance).ring;
    const held = heldSince(ring);
    if (held !== null && (since === null || held < since)) since = held;
    const read = linesInRange(ring, query.from, query.to, budget);
    perInstance.push(read.lines.map((line) => ({ instance, at: line.at, text: line.text })));
    clipped ||= read.clipped;
  }
  return { lines: byArrival(perInstance), clipped, heldSince: since };
}

export async function saveRange(host: HostScope, request: SaveRangeRequest): Promise<SavedRange> {
  const save = host.services.saveTextFile;
  if (!save) throw new HostCallError('unsupported', 'this host cannot save a file; the view downloads it instead');
  const range = request.kind === 'time' ? readRange(host, request, request.view) : null;
  const text = range
    ? rangeFileText(range.lines, request.view)
    : selectionFileText(request.kind === 'selection' ? request.text : '');
  const saved = await save(rangeFileName(request.view, Date.now()), text);
  if (saved === null) return { kind: 'cancelled' };
  return {
    kind: 'saved',
    path: saved,
    lines: range ? range.lines.length : countLines(text),
    clipped: range?.clipped ?? false,
  };
}

/** Merges per-instance lists (each already in arrival order) by arrival time; ties keep the instances' order. */
export function byArrival(lists: readonly (readonly TimedLine[])[]): TimedLine[] {
  const out: TimedLine[] = [];
  const next = lists.map(() => 0);
  for (;;) {
    let pick = -1;
    for (let i = 0; i < lists.length; i++) {
      const line = lists[i]?.[next[i] as number];
      if (line && (pick < 0 || line.at < (lists[pick]?.[next[pick] as number]?.at ?? Infinity))) pick = i;
    }
    if (pick < 0) return out;
    out.push(lists[pick]?.[next[pick] as number] as TimedLine);
    next[pick] = (next[pick] as number) + 1;
  }
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
