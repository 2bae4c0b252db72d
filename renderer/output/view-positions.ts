/**
 * How far each view of each instance's stream has got: the instance's own terminal and
 * the merged view, each at the offset one past the last byte it shows or marks as
 * skipped (null before its first byte).
 *
 * The two keep apart because the merged view misses what arrives while it does not show
 * the instance (going by the terminal's position once lost a stream's last line: issue 16).
 * With timestamps on, the instance's stamped terminal has a third position: it starts
 * from a replay while the others are far along.
 */
import type { InstanceId } from '../../shared/model';
import { unseenPart, type UnseenPart } from './unseen-part';

export type StreamView = 'terminal' | 'merged' | 'stamped';

type Positions = Record<StreamView, number | null>;

export class ViewPositions {
  private readonly positions = new Map<InstanceId, Positions>();

  /** What of this batch the view still has to show; once it is shown, the view is at the batch's end. */
  unseen(id: InstanceId, view: StreamView, offset: number, data: Uint8Array): UnseenPart {
    const positions = this.entry(id);
    const part = unseenPart(positions[view], offset, data);
    if (part.data.byteLength > 0) positions[view] = offset + data.byteLength;
    return part;
  }

  /** The view starts over: its next bytes are its first (timestamps turned on or off). */
  restart(id: InstanceId, view: StreamView): void {
    const positions = this.positions.get(id);
    if (positions) positions[view] = null;
  }

  /** The view marked a hole and resumes at `offset`. */
  skipTo(id: InstanceId, view: StreamView, offset: number): void {
    this.entry(id)[view] = offset;
  }

  of(id: InstanceId, view: StreamView): number | null {
    return this.positions.get(id)?.[view] ?? null;
  }

  /** The merged view has not got as far as the instance's terminal (it missed what came while it did not show it). */
  mergedBehind(id: InstanceId): boolean {
    const positions = this.positions.get(id);
    return positions !== undefined && positions.terminal !== null && positions.merged !== positions.terminal;
  }

  /** Instances some view has seen bytes or a hole of. */
  instances(): InstanceId[] {
    return [...this.positions.keys()];
  }

  forget(id: InstanceId): void {
    this.positions.delete(id);
  }

  clear(): void {
    this.positions.clear();
  }

  private entry(id: InstanceId): Positions {
    let positions = this.positions.get(id);
    if (!positions) {
      positions = { terminal: null, merged: null, stamped: null };
      this.positions.set(id, positions);
    }
    return positions;
  }
}
