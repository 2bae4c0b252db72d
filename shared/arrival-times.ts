/**
 * When output arrived at the host, and how a line shows it (`14:03:27.512 `).
 *
 * The host stamps every chunk it reads from a child with Date.now() (the ring keeps it
 * beside the chunk's offset); a batch carries the stamps of the chunks it covers as
 * `arrivals`: `[offset, at, offset, at, …]`, absolute byte offsets ascending, the first
 * one the batch's own offset, epoch milliseconds. The bytes from one offset up to the next
 * arrived at that mark's time. A mark is added only when the time changes, so the cost is
 * at most one pair of numbers per chunk, never per line or byte.
 *
 * A line's time is the time of the chunk holding its first byte.
 */

/** `[offset, at, offset, at, …]`: see above. */
export type Arrivals = readonly number[];

/** Characters `formatArrival` writes, the space after it included. */
export const ARRIVAL_STAMP_WIDTH = 13;

/** Looks up arrival times of ascending offsets in one batch's arrivals: one walk per batch, not a search per line. */
export class ArrivalWalk {
  private index = 0;

  constructor(private readonly arrivals: Arrivals) {}

  /** The arrival time of the byte at `offset`; offsets asked must not decrease. NaN when the arrivals are empty. */
  at(offset: number): number {
    const marks = this.arrivals;
    while (this.index + 2 < marks.length && (marks[this.index + 2] as number) <= offset) this.index += 2;
    return marks[this.index + 1] ?? Number.NaN;
  }
}

/** The marks of a run of contiguous chunks, a mark only where the time changes (an empty chunk holds no byte to mark). */
export function arrivalsOf(
  chunks: readonly { readonly offset: number; readonly at: number; readonly data: { readonly byteLength: number } }[],
): number[] {
  const out: number[] = [];
  for (const chunk of chunks) {
    if (chunk.data.byteLength > 0 && (out.length === 0 || out[out.length - 1] !== chunk.at))
      out.push(chunk.offset, chunk.at);
  }
  return out;
}

/**
 * True when `arrivals` describes a batch of `length` bytes at `offset`: pairs, the first at
 * `offset`, offsets strictly ascending inside the batch, times finite and not negative.
 * An empty batch may have no marks.
 */
export function validArrivals(arrivals: Arrivals, offset: number, length: number): boolean {
  if (arrivals.length % 2 !== 0) return false;
  if (arrivals.length === 0 || length === 0) return arrivals.length === 0 && length === 0;
  if (arrivals[0] !== offset) return false;
  let previous = -1;
  for (let i = 0; i < arrivals.length; i += 2) {
    const at = arrivals[i] as number;
    const time = arrivals[i + 1] as number;
    if (!(at > previous) || at >= offset + length || !Number.isFinite(time) || time < 0) return false;
    previous = at;
  }
  return true;
}

/** `HH:MM:SS.mmm ` in local time, the width of ARRIVAL_STAMP_WIDTH; blanks when the time is unknown. */
export function formatArrival(at: number): string {
  if (!Number.isFinite(at)) return ' '.repeat(ARRIVAL_STAMP_WIDTH);
  const d = new Date(at);
  return `${pad(d.getHours(), 2)}:${pad(d.getMinutes(), 2)}:${pad(d.getSeconds(), 2)}.${pad(d.getMilliseconds(), 3)} `;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
