/**
 * The renderer's only way to a host: the contract's calls and events over some transport.
 *
 * Two implementations, one per host: WebSocket (`procdeck serve`, a browser tab) and
 * Electron IPC (`window.procdeck`, from the preload). Everything above this file is
 * transport-free: it sees typed calls, typed events and a connection status.
 */
import type {
  CallName,
  CallParams,
  CallResult,
  CallResultValue,
  EventMessage,
  NotificationName,
  NotificationParams,
} from '../../shared/contract';
import type { InstanceId } from '../../shared/model';

export type ConnectionStatus =
  | { readonly kind: 'connecting'; readonly attempt: number }
  | { readonly kind: 'open'; readonly reconnected: boolean }
  /** `retryAt` is when the next attempt starts; null when it never will. */
  | { readonly kind: 'closed'; readonly reason: string; readonly retryAt: number | null };

export interface Bridge {
  readonly transport: 'ipc' | 'websocket';
  /** Never rejects: failures (a refused call, a dropped connection) come back as errors. */
  call<K extends CallName>(name: K, params: CallParams<K>): Promise<CallResult<CallResultValue<K>>>;
  /** Sends a one-way message (an ack, keystrokes, a resize); dropped while disconnected. */
  notify<K extends NotificationName>(name: K, params: NotificationParams<K>): void;
  /** Every pushed event, in the order the host sent them. Returns the unsubscribe function. */
  onEvent(listener: (message: EventMessage) => void): () => void;
  /** Calls `listener` with the current status at once, then on every change. */
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** Where the browser can download an instance's full log; null when the host has no such URL. */
  logUrl(instance: InstanceId): string | null;
  /** Opens an http(s) link outside the app. Call it only from a user's click. */
  openExternal(url: string): void;
  close(): void;
}

export function failed<T>(message: string): CallResult<T> {
  return { ok: false, error: { code: 'failed', message } };
}
