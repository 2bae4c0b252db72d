/**
 * The bridge over `procdeck serve`'s WebSocket (shared/wire.ts).
 *
 * The token comes from the page's `#token=…` fragment (it never reaches a server log or a
 * Referer; page-token.ts moves it off the address). Text frames are JSON replies and events; binary frames are output batches.
 * After a drop it reconnects with backoff; the host then sends a fresh snapshot, and the
 * output layer re-subscribes (it listens to the status).
 *
 * Calls made before the first connection wait for it; calls made while reconnecting fail
 * at once, so a click never fires long after the user gave up on it. Notifications (acks,
 * keystrokes, resizes) are sent only while connected: after a reconnect the host starts
 * every view afresh, so an old ack or resize would mean nothing.
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
import { isSafeExternalUrl } from '../../shared/links';
import type { InstanceId } from '../../shared/model';
import {
  decodeOutputFrame,
  parseServerMessage,
  SOCKET_PATH,
  type ClientCall,
  type ClientNotification,
} from '../../shared/wire';
import { failed, type Bridge, type ConnectionStatus } from './bridge';
import { fullLogLink } from './full-log-link';
import { reconnectDelay } from './reconnect-delay';

interface Pending {
  resolve(result: CallResult<unknown>): void;
}

export function createWebSocketBridge(location: Location, token: string | null): Bridge {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socketUrl = `${scheme}://${location.host}${SOCKET_PATH}?token=${encodeURIComponent(token ?? '')}`;
  const eventListeners = new Set<(message: EventMessage) => void>();
  const statusListeners = new Set<(status: ConnectionStatus) => void>();
  const pending = new Map<number, Pending>();
  let queued: { message: ClientCall; pending: Pending }[] = [];
  let status: ConnectionStatus = { kind: 'connecting', attempt: 1 };
  let socket: WebSocket | null = null;
  let everOpened = false;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let closedForGood = false;
  let nextId = 1;

  const setStatus = (next: ConnectionStatus) => {
    status = next;
    for (const listener of statusListeners) listener(next);
  };

  function connect(): void {
    attempt++;
    setStatus({ kind: 'connecting', attempt });
    const ws = new WebSocket(socketUrl);
    ws.binaryType = 'arraybuffer';
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      const reconnected = everOpened;
      everOpened = true;
      setStatus({ kind: 'open', reconnected });
      const waiting = queued;
      queued = [];
      for (const item of waiting) send(item.message, item.pending);
    };
    ws.onmessage = (event: MessageEvent<ArrayBuffer | string>) => receive(event.data);
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      for (const p of pending.values()) p.resolve(failed('the connection to procdeck serve was lost'));
      pending.clear();
      if (closedForGood) return;
      const delay = reconnectDelay(attempt);
      setStatus({
        kind: 'closed',
        reason: everOpened
          ? 'lost the connection to procdeck serve'
          : 'cannot connect to procdeck serve (is it running? the token changes with every run)',
        retryAt: Date.now() + delay,
      });
      retryTimer = setTimeout(connect, delay);
    };
  }

  function receive(data: ArrayBuffer | string): void {
    if (typeof data !== 'string') {
      const batch = decodeOutputFrame(data);
      if (batch) emit({ event: 'output', payload: batch });
      return;
    }
    const frame = parseServerMessage(data);
    if (frame?.kind === 'reply') {
      const waiter = pending.get(frame.id);
      pending.delete(frame.id);
      waiter?.resolve(frame.result);
    } else if (frame?.kind === 'event') emit(frame.message);
  }

  function emit(message: EventMessage): void {
    for (const listener of eventListeners) listener(message);
  }

  function send(message: ClientCall, waiter: Pending): void {
    const ws = socket;
    if (!ws || ws.readyState !== WebSocket.OPEN) {
      waiter.resolve(failed('not connected to procdeck serve'));
      return;
    }
    pending.set(message.id, waiter);
    ws.send(JSON.stringify(message));
  }

  if (token) connect();
  else {
    closedForGood = true;
    status = {
      kind: 'closed',
      reason: 'the page address has no #token=…: open the URL procdeck serve printed',
      retryAt: null,
    };
  }

  return {
    transport: 'websocket',
    call<K extends CallName>(name: K, params: CallParams<K>): Promise<CallResult<CallResultValue<K>>> {
      return new Promise((resolve) => {
        const waiter: Pending = { resolve: resolve as (result: CallResult<unknown>) => void };
        const message: ClientCall = { id: nextId++, call: name, params };
        if (!everOpened && !closedForGood && queued.length < 100) queued.push({ message, pending: waiter });
        else send(message, waiter);
      });
    },
    notify<K extends NotificationName>(name: K, params: NotificationParams<K>): void {
      if (socket?.readyState !== WebSocket.OPEN) return;
      const message: ClientNotification = { notify: name, params };
      socket.send(JSON.stringify(message));
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      listener(status);
      return () => statusListeners.delete(listener);
    },
    logUrl(instance: InstanceId) {
      return fullLogLink(location.origin, instance);
    },
    openExternal(url: string) {
      // A browser tab opens links itself, in a new context that cannot reach back.
      if (isSafeExternalUrl(url)) window.open(url, '_blank', 'noopener,noreferrer');
    },
    close() {
      closedForGood = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket?.close();
    },
  };
}
