/**
 * Decodes the binary output frames of `procdeck serve` (layout in shared/wire.ts).
 *
 * The data is a view into the received buffer, not a copy: the hot path allocates one
 * object per batch, never per byte or line.
 */
import type { OutputBatch } from '../../shared/contract';
import { parseInstanceId, type InstanceId } from '../../shared/model';
import { FRAME_OUTPUT, OUTPUT_FRAME_HEADER, OUTPUT_STREAMS } from '../../shared/wire';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** The batch in `frame`, or null when the frame is malformed (then it is dropped). */
export function decodeOutputFrame(frame: ArrayBuffer): OutputBatch | null {
  if (frame.byteLength < OUTPUT_FRAME_HEADER) return null;
  const view = new DataView(frame);
  if (view.getUint8(0) !== FRAME_OUTPUT) return null;
  const stream = OUTPUT_STREAMS[view.getUint8(1)];
  const idLength = view.getUint16(2);
  const offset = view.getFloat64(4);
  if (!stream || OUTPUT_FRAME_HEADER + idLength > frame.byteLength) return null;
  if (!Number.isSafeInteger(offset) || offset < 0) return null;
  let id: string;
  try {
    id = decoder.decode(new Uint8Array(frame, OUTPUT_FRAME_HEADER, idLength));
  } catch {
    return null;
  }
  if (!parseInstanceId(id)) return null;
  return { instance: id as InstanceId, offset, stream, data: new Uint8Array(frame, OUTPUT_FRAME_HEADER + idLength) };
}
