/**
 * Coalesces output acknowledgements, per instance.
 *
 * The host stops sending an instance's output once 512 KB are unacknowledged, so the
 * view must ack what its terminals have written. Acking every batch would double the
 * message count; acking too rarely stalls the stream. So: ack when 64 KB have piled up,
 * or when the last write in flight for that instance completes (nothing is left to wait
 * for, and a slow trickle still gets its credit back).
 */
import type { InstanceId } from '../../shared/model';

export const ACK_STEP_BYTES = 64 * 1024;

interface Pending {
  bytes: number;
  writes: number;
}

export class AckCounter {
  private readonly pending = new Map<InstanceId, Pending>();
  /** Bumped by `reset`: a batch's writes that end after it belong to a pump that is gone. */
  private epoch = 0;

  constructor(
    private readonly send: (id: InstanceId, bytes: number) => void,
    private readonly step = ACK_STEP_BYTES,
  ) {}

  /**
   * A batch of `bytes` of the instance's stream goes to the terminals in `writes` writes:
   * returns what each write's completion calls. The whole batch is acknowledged once its
   * last write is done (at once when nothing was written: a replay already shown), unless
   * `reset` came in between.
   */
  batch(id: InstanceId, bytes: number, writes: number): () => void {
    this.begin(id);
    if (writes === 0) {
      this.end(id, bytes);
      return () => undefined;
    }
    const epoch = this.epoch;
    let remaining = writes;
    return () => {
      if (--remaining === 0 && epoch === this.epoch) this.end(id, bytes);
    };
  }

  /** A write of some of this instance's bytes has started. */
  begin(id: InstanceId): void {
    const entry = this.pending.get(id);
    if (entry) entry.writes++;
    else this.pending.set(id, { bytes: 0, writes: 1 });
  }

  /** A write started with `begin` has finished; it covered `bytes` of the host's stream. */
  end(id: InstanceId, bytes: number): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    entry.writes = Math.max(0, entry.writes - 1);
    entry.bytes += bytes;
    if (entry.bytes >= this.step || entry.writes === 0) {
      if (entry.bytes > 0) this.send(id, entry.bytes);
      entry.bytes = 0;
    }
    if (entry.writes === 0) this.pending.delete(id);
  }

  /** Bytes written but not yet acknowledged, and writes still in xterm, per instance. */
  pendingOf(id: InstanceId): { readonly bytes: number; readonly writes: number } {
    const entry = this.pending.get(id);
    return { bytes: entry?.bytes ?? 0, writes: entry?.writes ?? 0 };
  }

  /** Forgets everything, batches still in xterm included (a new connection, or a new project, starts with fresh credit). */
  reset(): void {
    this.epoch++;
    this.pending.clear();
  }
}
