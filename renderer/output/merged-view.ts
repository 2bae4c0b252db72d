/**
 * The merged view ("All output"): the output of the instances it shows, as prefixed lines
 * in one terminal, Foreman-style.
 *
 * A partial line is shown once it has waited as long as the shared line rules say: a
 * timer runs only while one waits, and fires when the oldest is due.
 */
import type { InstanceId } from '../../shared/model';
import { LinePrefixer } from './line-prefixer';
import type { OutputTerminals } from './output-terminals';

export class MergedView {
  private shown: ReadonlySet<InstanceId> = new Set();
  private readonly prefixer: LinePrefixer;
  private partialTimer: ReturnType<typeof setTimeout> | null = null;

  /** `colorOf` gives the SGR colour code of an instance's prefix. */
  constructor(
    private readonly terminals: Pick<OutputTerminals, 'write' | 'reset'>,
    colorOf: (id: InstanceId) => string,
  ) {
    this.prefixer = new LinePrefixer(colorOf);
  }

  shows(id: InstanceId): boolean {
    return this.shown.has(id);
  }

  /** Shows these instances from now on; returns those it takes back in. */
  show(instances: readonly InstanceId[]): InstanceId[] {
    const taken = instances.filter((id) => !this.shown.has(id));
    this.shown = new Set(instances);
    this.prefixer.reserveWidth(Math.max(0, ...instances.map((id) => id.length)));
    return taken;
  }

  /** Bytes of the instance's stream, after a marker line unless `marker` is ''; `done` runs once xterm has processed them. */
  write(id: InstanceId, data: Uint8Array, marker: string, done: () => void): void {
    const text = (marker ? this.prefixer.marker(id, marker) : '') + this.prefixer.push(id, data, performance.now());
    this.terminals.write('merged', text, done);
    this.schedulePartialFlush();
  }

  /** A line of our own (a hole notice) for the instance, after whatever line it had pending. */
  notice(id: InstanceId, text: string): void {
    this.terminals.write('merged', this.prefixer.marker(id, text));
  }

  /** The instance's stream starts again (a new slot of the same name): a pending partial line is not its. */
  forget(id: InstanceId): void {
    this.prefixer.forget(id);
  }

  /** Empties the view (another project). */
  clear(instances: readonly InstanceId[]): void {
    for (const id of instances) this.prefixer.forget(id);
    this.terminals.reset('merged');
  }

  private schedulePartialFlush(): void {
    if (this.partialTimer) return;
    const due = this.prefixer.nextPartialDue;
    if (due === null) return;
    this.partialTimer = setTimeout(
      () => {
        this.partialTimer = null;
        const text = this.prefixer.flushStale(performance.now());
        if (text) this.terminals.write('merged', text);
        this.schedulePartialFlush();
      },
      Math.max(0, due - performance.now()),
    );
  }
}
