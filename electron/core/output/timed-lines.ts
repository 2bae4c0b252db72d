/**
 * An instance's buffered output as lines with arrival times, for Save range… (a time range).
 *
 * A line's time is the arrival time of the chunk holding its first byte (the ring's chunks
 * are the time index). Lines are plain text by the shared line rules: what a redraw finally
 * shows, without colours or other escape sequences, since a saved file is read in an
 * editor, not replayed on a terminal. The first line may be the tail of one whose start the
 * ring has dropped; the last may still be waiting for its end.
 */
import { ArrivalWalk, arrivalsOf } from '../../../shared/arrival-times';
import { readableLine } from '../../../shared/line-rules';
import { concatChunks, type OutputRing } from './output-ring';

export interface RangeBudget {
  /** Characters still allowed; a line that does not fit clips the range there. */
  chars: number;
  lines: number;
  /** Characters each line costs besides its text (its time, label and newline in the file). */
  readonly perLine: number;
}

export interface TimedText {
  readonly at: number;
  readonly text: string;
}

export interface LinesInRange {
  readonly lines: readonly TimedText[];
  /** The budget ran out before the range's end. */
  readonly clipped: boolean;
}

const NEWLINE = 0x0a;

/** The held lines whose first byte arrived from `from` to `to` (inclusive), spending `budget`. */
export function linesInRange(ring: OutputRing, from: number, to: number, budget: RangeBudget): LinesInRange {
  const chunks = ring.read(ring.characterStart(ring.start));
  const first = chunks[0];
  if (!first) return { lines: [], clipped: false };
  const bytes = concatChunks(chunks);
  const walk = new ArrivalWalk(arrivalsOf(chunks));
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const lines: TimedText[] = [];
  let start = 0;
  while (start < bytes.byteLength) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline < 0 ? bytes.byteLength : newline;
    const at = walk.at(first.offset + start);
    if (at >= from && at <= to) {
      const text = readableLine(decoder.decode(bytes.subarray(start, end)), 'drop-colours');
      const cost = text.length + budget.perLine;
      if (budget.lines <= 0 || cost > budget.chars) return { lines, clipped: true };
      budget.lines--;
      budget.chars -= cost;
      lines.push({ at, text });
    }
    start = end + 1;
  }
  return { lines, clipped: false };
}

/** When the oldest byte the ring holds arrived; null when it holds none. */
export function heldSince(ring: OutputRing): number | null {
  return ring.read(ring.start, 1)[0]?.at ?? null;
}
