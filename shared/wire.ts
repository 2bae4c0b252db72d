/**
 * The WebSocket wire format of `procdeck serve`, both halves: what the host writes and
 * the renderer reads, and what the renderer writes and the host reads.
 *
 * Text frames carry JSON: the client sends `ClientCall`s (answered) and
 * `ClientNotification`s (one-way, never answered); the server answers calls with
 * `ServerReply`s and pushes `EventMessage`s. Output batches, the hot path, travel as
 * binary frames instead, so bytes are never base64'd or JSON-escaped:
 *
 *   byte 0      FRAME_OUTPUT
 *   byte 1      stream: index into OUTPUT_STREAMS, plus FIRST_BATCH (0x80) on a subscription's first batch
 *   bytes 2–3   length of the instance id in bytes (uint16, big-endian)
 *   bytes 4–11  offset of the first data byte (float64, big-endian)
 *   bytes 12–15 number of arrival marks (uint32, big-endian)
 *   then        the instance id (ASCII); then per mark its offset from the first data
 *               byte (uint32) and its time (float64, epoch ms); then the data
 *
 * A mark costs 12 bytes and there is at most one per chunk the host read (see
 * shared/arrival-times.ts), so the times add next to nothing to a batch.
 *
 * The parsers here never throw: a frame that is not what it claims is null (and dropped).
 * They check the envelope only; a call's parameters are the host's schemas' to check.
 */
import { validArrivals } from './arrival-times';
import { LIMITS, type CallResult, type EventMessage, type OutputBatch } from './contract';
import { parseInstanceId, type InstanceId, type OutputStream } from './model';

export const FRAME_OUTPUT = 1;
export const OUTPUT_FRAME_HEADER = 16;
/** Set in the stream byte on the first batch of a subscription. */
export const FIRST_BATCH = 0x80;
const ARRIVAL_MARK_BYTES = 12;
export const OUTPUT_STREAMS: readonly OutputStream[] = ['pty', 'stdout', 'stderr'];
/** Longest instance id a frame may carry: a type name of LIMITS.maxNameLength, a dot, an index. */
const MAX_ID_BYTES = LIMITS.maxNameLength + 8;

/** A request that gets a `ServerReply` with the same id. */
export interface ClientCall {
  readonly id: number;
  readonly call: string;
  readonly params: unknown;
}

/** A one-way message (contract `Notifications`): no id, no reply, ever. */
export interface ClientNotification {
  readonly notify: string;
  readonly params: unknown;
}

export interface ServerReply {
  readonly id: number;
  readonly result: CallResult<unknown>;
}

export type ServerMessage = ServerReply | Exclude<EventMessage, { event: 'output' }>;

/** The WebSocket path; the token travels as `?token=`. */
export const SOCKET_PATH = '/ws';

/** Where a full log downloads with a handle from `output.logHandle` (the handle is the credential). */
export function logHandlePath(handle: string): string {
  return `/log/${encodeURIComponent(handle)}`;
}

/**
 * One batch as a binary frame: one allocation and one copy of the data per batch.
 *
 * Instance ids are ASCII by construction (process type names are letters, digits, `_`
 * and `-`), so the id is written byte by byte without a TextEncoder (shared/ has none).
 */
export function encodeOutputFrame(batch: OutputBatch): Uint8Array {
  const id = batch.instance;
  const marks = batch.arrivals.length / 2;
  const dataAt = OUTPUT_FRAME_HEADER + id.length + marks * ARRIVAL_MARK_BYTES;
  const frame = new Uint8Array(dataAt + batch.data.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint8(0, FRAME_OUTPUT);
  view.setUint8(1, OUTPUT_STREAMS.indexOf(batch.stream) | (batch.first ? FIRST_BATCH : 0));
  view.setUint16(2, id.length);
  view.setFloat64(4, batch.offset);
  view.setUint32(12, marks);
  for (let i = 0; i < id.length; i++) frame[OUTPUT_FRAME_HEADER + i] = id.charCodeAt(i) & 0x7f;
  let at = OUTPUT_FRAME_HEADER + id.length;
  for (let i = 0; i < batch.arrivals.length; i += 2, at += ARRIVAL_MARK_BYTES) {
    view.setUint32(at, (batch.arrivals[i] as number) - batch.offset);
    view.setFloat64(at + 4, batch.arrivals[i + 1] as number);
  }
  frame.set(batch.data, dataAt);
  return frame;
}

/**
 * The batch in a binary frame, or null when the frame is malformed (then it is dropped).
 * The data is a view into the received buffer, not a copy: the hot path allocates one
 * object per batch (and one small array of its arrival marks), never per byte or line.
 */
export function decodeOutputFrame(frame: ArrayBuffer): OutputBatch | null {
  if (frame.byteLength < OUTPUT_FRAME_HEADER) return null;
  const view = new DataView(frame);
  if (view.getUint8(0) !== FRAME_OUTPUT) return null;
  const streamByte = view.getUint8(1);
  const stream = OUTPUT_STREAMS[streamByte & ~FIRST_BATCH];
  const idLength = view.getUint16(2);
  const offset = view.getFloat64(4);
  const marks = view.getUint32(12);
  if (!stream || idLength > MAX_ID_BYTES) return null;
  const dataAt = OUTPUT_FRAME_HEADER + idLength + marks * ARRIVAL_MARK_BYTES;
  if (dataAt > frame.byteLength) return null;
  if (!Number.isSafeInteger(offset) || offset < 0) return null;
  let id = '';
  for (const byte of new Uint8Array(frame, OUTPUT_FRAME_HEADER, idLength)) {
    if (byte > 0x7f) return null;
    id += String.fromCharCode(byte);
  }
  if (!parseInstanceId(id)) return null;
  const arrivals: number[] = [];
  for (let at = OUTPUT_FRAME_HEADER + idLength; at < dataAt; at += ARRIVAL_MARK_BYTES)
    arrivals.push(offset + view.getUint32(at), view.getFloat64(at + 4));
  const data = new Uint8Array(frame, dataAt);
  if (!validArrivals(arrivals, offset, data.byteLength)) return null;
  return { instance: id as InstanceId, offset, stream, data, arrivals, first: (streamByte & FIRST_BATCH) !== 0 };
}

/** What a client's text frame is: a call (answer it), a notification (never answer), or neither (null: drop it). */
export type ClientMessage =
  | { readonly kind: 'call'; readonly id: number; readonly name: unknown; readonly params: unknown }
  | { readonly kind: 'notification'; readonly name: unknown; readonly params: unknown };

/** Reads a client's text frame. A frame that is neither gets no answer: there is no id to answer. */
export function parseClientMessage(text: string): ClientMessage | null {
  const record = jsonObject(text);
  if (!record) return null;
  if ('notify' in record && !('id' in record))
    return { kind: 'notification', name: record.notify, params: record.params };
  const { id } = record;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
  return { kind: 'call', id, name: record.call, params: record.params };
}

/** What a server's text frame is: a reply to call `id`, or a pushed event. */
export type ServerFrame =
  | { readonly kind: 'reply'; readonly id: number; readonly result: CallResult<unknown> }
  | { readonly kind: 'event'; readonly message: EventMessage };

/** Reads a server's text frame (the renderer's side); null when it is neither a reply nor an event. */
export function parseServerMessage(text: string): ServerFrame | null {
  const record = jsonObject(text);
  if (!record) return null;
  if (typeof record.id === 'number' && typeof record.result === 'object' && record.result !== null) {
    return { kind: 'reply', id: record.id, result: record.result as CallResult<unknown> };
  }
  if (typeof record.event === 'string' && 'payload' in record)
    return { kind: 'event', message: record as unknown as EventMessage };
  return null;
}

function jsonObject(text: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return value as Record<string, unknown>;
}
