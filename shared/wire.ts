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
 *   byte 1      stream: index into OUTPUT_STREAMS
 *   bytes 2–3   length of the instance id in bytes (uint16, big-endian)
 *   bytes 4–11  offset of the first data byte (float64, big-endian)
 *   then        the instance id (ASCII), then the data
 *
 * The parsers here never throw: a frame that is not what it claims is null (and dropped).
 * They check the envelope only; a call's parameters are the host's schemas' to check.
 */
import { LIMITS, type CallResult, type EventMessage, type OutputBatch } from './contract';
import { parseInstanceId, type InstanceId, type OutputStream } from './model';

export const FRAME_OUTPUT = 1;
export const OUTPUT_FRAME_HEADER = 12;
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
  const frame = new Uint8Array(OUTPUT_FRAME_HEADER + id.length + batch.data.byteLength);
  const view = new DataView(frame.buffer);
  view.setUint8(0, FRAME_OUTPUT);
  view.setUint8(1, OUTPUT_STREAMS.indexOf(batch.stream));
  view.setUint16(2, id.length);
  view.setFloat64(4, batch.offset);
  for (let i = 0; i < id.length; i++) frame[OUTPUT_FRAME_HEADER + i] = id.charCodeAt(i) & 0x7f;
  frame.set(batch.data, OUTPUT_FRAME_HEADER + id.length);
  return frame;
}

/**
 * The batch in a binary frame, or null when the frame is malformed (then it is dropped).
 * The data is a view into the received buffer, not a copy: the hot path allocates one
 * object per batch, never per byte or line.
 */
export function decodeOutputFrame(frame: ArrayBuffer): OutputBatch | null {
  if (frame.byteLength < OUTPUT_FRAME_HEADER) return null;
  const view = new DataView(frame);
  if (view.getUint8(0) !== FRAME_OUTPUT) return null;
  const stream = OUTPUT_STREAMS[view.getUint8(1)];
  const idLength = view.getUint16(2);
  const offset = view.getFloat64(4);
  if (!stream || OUTPUT_FRAME_HEADER + idLength > frame.byteLength) return null;
  if (!Number.isSafeInteger(offset) || offset < 0) return null;
  if (idLength > MAX_ID_BYTES) return null;
  let id = '';
  for (const byte of new Uint8Array(frame, OUTPUT_FRAME_HEADER, idLength)) {
    if (byte > 0x7f) return null;
    id += String.fromCharCode(byte);
  }
  if (!parseInstanceId(id)) return null;
  return { instance: id as InstanceId, offset, stream, data: new Uint8Array(frame, OUTPUT_FRAME_HEADER + idLength) };
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
