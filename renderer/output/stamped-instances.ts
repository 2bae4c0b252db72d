/**
 * Instance terminals with timestamps: a second terminal per instance (`stamped:web.1`)
 * showing its output as lines, each after the arrival time of its first byte.
 *
 * As lines because a time in front of a line must stay there: in the raw terminal a `\r`
 * or a cursor move would write over it. The lines follow the shared line rules, as in the
 * merged view (colours kept, redraws shown as they finally look).
 *
 * The instance's own terminal keeps receiving everything meanwhile, so turning timestamps
 * off shows it exactly as it would have been. Turning them on fills the new terminal from
 * a replay of the host's buffer (which carries the times): until the replay's first batch
 * comes (`OutputBatch.first`), batches still in flight from before are not this
 * terminal's to show, since they would make it skip the replay as already seen.
 */
import type { Arrivals } from '../../shared/arrival-times';
import type { InstanceId } from '../../shared/model';
import { stampedViewId } from '../store/view';
import { arrivalStamp } from './arrival-stamp';
import { LinePrefixer } from './line-prefixer';
import type { OutputTerminals } from './output-terminals';
import { PartialLineTimer } from './partial-line-timer';

export class StampedInstances {
  /** Instances with timestamps on, and whether each still waits for its replay to begin. */
  private readonly awaiting = new Map<InstanceId, boolean>();
  private readonly prefixer: LinePrefixer;
  private readonly partials: PartialLineTimer;
  /** Lines emitted and not yet written, all of `outId`. */
  private out = '';
  private outId: InstanceId | null = null;

  constructor(private readonly terminals: Pick<OutputTerminals, 'write' | 'dispose'>) {
    this.prefixer = new LinePrefixer(
      () => '',
      (id, at, line) => {
        if (id !== this.outId) this.drain();
        this.outId = id;
        this.out += `${arrivalStamp(at)}${line}\r\n`;
      },
    );
    this.partials = new PartialLineTimer(this.prefixer, () => this.drain());
  }

  /** Timestamps on: the terminal starts empty and waits for a replay (the caller asks the host for one). */
  on(id: InstanceId): void {
    this.awaiting.set(id, true);
    this.prefixer.forget(id);
  }

  /** Timestamps off: the terminal goes (the instance's own one is shown again). */
  off(id: InstanceId): void {
    this.awaiting.delete(id);
    this.forget(id);
  }

  shows(id: InstanceId): boolean {
    return this.awaiting.has(id);
  }

  ids(): InstanceId[] {
    return [...this.awaiting.keys()];
  }

  /** Whether this batch is the terminal's to show; the replay's first batch ends the wait. */
  takes(id: InstanceId, first: boolean): boolean {
    const waiting = this.awaiting.get(id);
    if (waiting === undefined) return false;
    if (waiting && first) this.awaiting.set(id, false);
    return !waiting || first;
  }

  /** Waits for a replay again (a new connection will replay everything). */
  awaitReplay(id: InstanceId): void {
    if (this.awaiting.has(id)) this.awaiting.set(id, true);
  }

  /** Like MergedView.write, to the instance's stamped terminal. */
  write(id: InstanceId, data: Uint8Array, offset: number, arrivals: Arrivals, marker: string, done: () => void): void {
    if (marker) this.prefixer.marker(id, marker);
    this.prefixer.push(id, data, offset, arrivals, performance.now());
    // Every call ends drained, so what was emitted here is all this instance's.
    const text = this.out;
    this.out = '';
    this.terminals.write(stampedViewId(id), text, done);
    this.partials.schedule();
  }

  notice(id: InstanceId, text: string): void {
    this.prefixer.marker(id, text);
    this.drain();
  }

  /** The instance's stream starts again, or is gone: its lines and terminal go; timestamps stay on for it. */
  forget(id: InstanceId): void {
    this.prefixer.forget(id);
    if (this.outId === id) {
      this.out = '';
      this.outId = null;
    }
    this.terminals.dispose(stampedViewId(id));
  }

  private drain(): void {
    if (this.outId && this.out) this.terminals.write(stampedViewId(this.outId), this.out);
    this.out = '';
  }
}
