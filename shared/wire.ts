/**
 * The WebSocket wire format of `procdeck serve`.
 *
 * Text frames carry JSON: the client sends `ClientCall`s, the server answers with
 * `ServerReply`s and pushes `EventMessage`s. Output batches, the hot path, travel as
 * binary frames instead, so bytes are never base64'd or JSON-escaped:
 *
 *   byte 0      FRAME_OUTPUT
 *   byte 1      stream: index into OUTPUT_STREAMS
 *   bytes 2–3   length of the instance id in bytes (uint16, big-endian)
 *   bytes 4–11  offset of the first data byte (float64, big-endian)
 *   then        the instance id (UTF-8), then the data
 */
import type { CallResult, EventMessage } from './contract';
import type { OutputStream } from './model';

export const FRAME_OUTPUT = 1;
export const OUTPUT_FRAME_HEADER = 12;
export const OUTPUT_STREAMS: readonly OutputStream[] = ['pty', 'stdout', 'stderr'];

export interface ClientCall {
  readonly id: number;
  readonly call: string;
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
