/**
 * The merged view's lines as it wrote them, with their arrival times, so turning
 * timestamps on or off can write the same lines again, each with or without its time:
 * nothing lost, nothing twice, in the order shown.
 *
 * Bounded like the terminal: as many lines as its scrollback holds rows (a line takes at
 * least one row), and a character budget against very long lines. Two parallel arrays used
 * as a ring, so adding a line allocates nothing but what the line already is.
 */
import { arrivalStamp } from './arrival-stamp';

export class LineHistory {
  private readonly times: Float64Array;
  private readonly lines: (string | undefined)[];
  private start = 0;
  private count = 0;
  private chars = 0;

  constructor(
    readonly maxLines: number,
    readonly maxChars: number,
  ) {
    this.times = new Float64Array(maxLines);
    this.lines = new Array<string | undefined>(maxLines);
  }

  get size(): number {
    return this.count;
  }

  /** A line as written (no line end); `at` NaN for a line of our own. */
  add(at: number, line: string): void {
    if (this.count === this.maxLines) this.dropOldest();
    const slot = (this.start + this.count) % this.maxLines;
    this.times[slot] = at;
    this.lines[slot] = line;
    this.count++;
    this.chars += line.length;
    while (this.chars > this.maxChars && this.count > 1) this.dropOldest();
  }

  clear(): void {
    this.lines.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.chars = 0;
  }

  /** Every line, oldest first, each ended with `\r\n` and, with `stamped`, after its time. */
  text(stamped: boolean): string {
    let out = '';
    for (let i = 0; i < this.count; i++) {
      const slot = (this.start + i) % this.maxLines;
      out += `${stamped ? arrivalStamp(this.times[slot] as number) : ''}${this.lines[slot] as string}\r\n`;
    }
    return out;
  }

  private dropOldest(): void {
    this.chars -= (this.lines[this.start] as string).length;
    this.lines[this.start] = undefined;
    this.start = (this.start + 1) % this.maxLines;
    this.count--;
  }
}
