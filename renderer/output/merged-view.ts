/**
 * The merged view ("All output"): the output of the instances it shows, as prefixed lines
 * in one terminal, Foreman-style, with each line's arrival time in front when timestamps
 * are on.
 *
 * Every line it writes is also kept (LineHistory), so turning timestamps on or off writes
 * the same lines again in the same order, with or without times: the terminal is reset
 * by a RIS in its write queue (not `reset()`, which would run ahead of writes still
 * queued) and the history written after it.
 */
import type { Arrivals } from '../../shared/arrival-times';
import type { InstanceId } from '../../shared/model';
import { arrivalStamp } from './arrival-stamp';
import { LineHistory } from './line-history';
import { LinePrefixer } from './line-prefixer';
import type { OutputTerminals } from './output-terminals';
import { PartialLineTimer } from './partial-line-timer';

const RESET = '\x1b[0m';
/** RIS: a full reset of the terminal, scrollback included, in order with the writes around it. */
const FULL_RESET = '\x1bc';
/** As many lines as the merged terminal's scrollback has rows (terminal-registry.ts). */
export const MERGED_HISTORY_LINES = 10_000;
const MERGED_HISTORY_CHARS = 8 * 1024 * 1024;

export class MergedView {
  private shown: ReadonlySet<InstanceId> = new Set();
  private readonly prefixer: LinePrefixer;
  private readonly partials: PartialLineTimer;
  private readonly history = new LineHistory(MERGED_HISTORY_LINES, MERGED_HISTORY_CHARS);
  private width = 0;
  private stamped = false;
  /** What the prefixer emitted since the last write. */
  private out = '';

  /** `colorOf` gives the SGR colour code of an instance's prefix. */
  constructor(
    private readonly terminals: Pick<OutputTerminals, 'write' | 'reset'>,
    private readonly colorOf: (id: InstanceId) => string,
  ) {
    this.prefixer = new LinePrefixer(
      (id) => this.prefix(id),
      (_id, at, line) => {
        this.history.add(at, line);
        this.out += `${this.stamped ? arrivalStamp(at) : ''}${line}\r\n`;
      },
    );
    this.partials = new PartialLineTimer(this.prefixer, () => {
      const text = this.take();
      if (text) this.terminals.write('merged', text);
    });
  }

  shows(id: InstanceId): boolean {
    return this.shown.has(id);
  }

  /** Shows these instances from now on; returns those it takes back in. */
  show(instances: readonly InstanceId[]): InstanceId[] {
    const taken = instances.filter((id) => !this.shown.has(id));
    this.shown = new Set(instances);
    // Pads prefixes to the widest shown, so the columns line up from the start.
    this.width = Math.max(this.width, ...instances.map((id) => id.length));
    return taken;
  }

  /** Each line's arrival time in front of it, or not: the lines so far are written again either way. */
  setTimestamps(on: boolean): void {
    if (on === this.stamped) return;
    this.stamped = on;
    this.terminals.write('merged', FULL_RESET + this.history.text(on));
  }

  get timestamps(): boolean {
    return this.stamped;
  }

  /**
   * Bytes of the instance's stream (`data[0]` at `offset`, arrival marks in `arrivals`),
   * after a marker line unless `marker` is ''; `done` runs once xterm has processed them.
   */
  write(id: InstanceId, data: Uint8Array, offset: number, arrivals: Arrivals, marker: string, done: () => void): void {
    if (marker) this.prefixer.marker(id, marker);
    this.prefixer.push(id, data, offset, arrivals, performance.now());
    this.terminals.write('merged', this.take(), done);
    this.partials.schedule();
  }

  /** A line of our own (a hole notice) for the instance, after whatever line it had pending. */
  notice(id: InstanceId, text: string): void {
    this.prefixer.marker(id, text);
    this.terminals.write('merged', this.take());
  }

  /** The instance's stream starts again (a new slot of the same name): a pending partial line is not its. */
  forget(id: InstanceId): void {
    this.prefixer.forget(id);
  }

  /** The user cleared the terminal: its lines are not written again when timestamps turn on or off. */
  cleared(): void {
    this.history.clear();
  }

  /** Empties the view (another project). */
  clear(instances: readonly InstanceId[]): void {
    for (const id of instances) this.prefixer.forget(id);
    this.history.clear();
    this.terminals.reset('merged');
  }

  private prefix(id: InstanceId): string {
    this.width = Math.max(this.width, id.length);
    return `\x1b[${this.colorOf(id)}m${id.padEnd(this.width)} |${RESET} `;
  }

  private take(): string {
    const text = this.out;
    this.out = '';
    return text;
  }
}
