/**
 * Carries instance output to one view (a window, a browser tab) in batches, with
 * credit-based flow control, without ever slowing a child.
 *
 * The pump keeps no copy of the output: each view has a cursor into the instance's
 * ring buffer, and a flush sends what lies between the cursor and the end, up to the
 * view's credit. The view acknowledges the bytes it has written to its terminal. When a
 * view falls so far behind that the ring has dropped bytes it has not seen, the pump
 * skips it ahead to recent output and sends a gap notice; the ring and the log file
 * still hold everything. Batching numbers follow VS Code (5 ms) and Hyper (16 ms,
 * 200 KB); the in-flight cap follows xterm.js's flow-control guide (≤ 500 KB).
 *
 * A batch carries its chunks' arrival times (a mark per chunk whose time differs from the
 * one before), so a replay shows the same times as the live stream did. The first batch
 * of a subscription says so (`first`): a view waiting for a replay knows it from bytes
 * still in flight from an earlier subscription.
 */
import { arrivalsOf } from '../../shared/arrival-times';
import type { EventMessage } from '../../shared/contract';
import type { InstanceId } from '../../shared/model';
import type { OutputRing } from '../core/output/output-ring';

export interface PumpOptions {
  /** Coalescing delay after new output. */
  readonly batchMs: number;
  /** Largest batch. */
  readonly batchBytes: number;
  /** Unacknowledged bytes a view may have in flight. */
  readonly creditBytes: number;
  /** After a gap, how much recent output to show. */
  readonly resumeTailBytes: number;
}

export const DEFAULT_PUMP_OPTIONS: PumpOptions = {
  batchMs: 8,
  batchBytes: 128 * 1024,
  creditBytes: 512 * 1024,
  resumeTailBytes: 64 * 1024,
};

interface View {
  cursor: number;
  inFlight: number;
  /** No batch sent yet since the subscribe. */
  first: boolean;
}

export class OutputPump {
  private readonly views = new Map<InstanceId, View>();
  private timer: NodeJS.Timeout | null = null;
  private disposed = false;

  constructor(
    private readonly send: (message: EventMessage) => void,
    private readonly ringOf: (id: InstanceId) => OutputRing | null,
    private readonly options: PumpOptions = DEFAULT_PUMP_OPTIONS,
  ) {}

  /** Starts sending these instances' output, from the oldest byte still buffered. */
  subscribe(ids: readonly InstanceId[]): void {
    for (const id of ids) {
      const ring = this.ringOf(id);
      if (!ring || this.views.has(id)) continue;
      this.views.set(id, { cursor: ring.characterStart(ring.start), inFlight: 0, first: true });
    }
    this.schedule(0);
  }

  unsubscribe(ids: readonly InstanceId[]): void {
    for (const id of ids) this.views.delete(id);
  }

  /** The view wrote `bytes` of this instance's output. */
  ack(id: InstanceId, bytes: number): void {
    const view = this.views.get(id);
    if (!view) return;
    view.inFlight = Math.max(0, view.inFlight - bytes);
    this.schedule(0);
  }

  /** New output exists for `id`: send it soon. Cheap; called for every chunk. */
  notify(id: InstanceId): void {
    if (this.views.has(id)) this.schedule(this.options.batchMs);
  }

  /** Another project opened: every view starts over (a new `web.1` is not the old one). */
  reset(): void {
    this.views.clear();
  }

  /** The instance was removed (scaled away); forget its view. */
  forget(id: InstanceId): void {
    this.views.delete(id);
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.views.clear();
  }

  private schedule(delay: number): void {
    if (this.timer || this.disposed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, delay);
  }

  private flush(): void {
    let more = false;
    for (const [id, view] of this.views) {
      const ring = this.ringOf(id);
      if (!ring) {
        this.views.delete(id);
        continue;
      }
      let budget = Math.min(this.options.creditBytes - view.inFlight, this.options.batchBytes);
      // A view without credit gets nothing, not even gap notices: it is told once it can take more.
      if (budget <= 0) continue;
      if (view.cursor < ring.start) {
        // The ring has moved past what this view saw: skip ahead and say so.
        const resumeAt = ring.characterStart(Math.max(ring.start, ring.end - this.options.resumeTailBytes));
        this.send({ event: 'output-gap', payload: { instance: id, skipped: resumeAt - view.cursor, resumeAt } });
        view.cursor = resumeAt;
      }
      if (view.cursor >= ring.end) continue;
      const chunks = ring.read(view.cursor, budget);
      // One message per run of the same stream.
      let i = 0;
      while (i < chunks.length) {
        const first = chunks[i];
        if (!first) break;
        let j = i + 1;
        while (j < chunks.length && chunks[j]?.stream === first.stream) j++;
        const run = chunks.slice(i, j);
        const data = run.length === 1 ? first.data : Buffer.concat(run.map((c) => c.data));
        this.send({
          event: 'output',
          payload: {
            instance: id,
            offset: first.offset,
            stream: first.stream,
            data,
            arrivals: arrivalsOf(run),
            first: view.first,
          },
        });
        view.first = false;
        view.cursor = first.offset + data.byteLength;
        view.inFlight += data.byteLength;
        budget -= data.byteLength;
        i = j;
      }
      if (view.cursor < ring.end && view.inFlight < this.options.creditBytes) more = true;
    }
    if (more) this.schedule(this.options.batchMs);
  }
}
