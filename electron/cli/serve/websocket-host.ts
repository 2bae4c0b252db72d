/**
 * The WebSocket transport of `procdeck serve`: each connection is a view attached to
 * the ProjectHost. Calls and one-way notifications arrive as JSON text frames and are
 * validated by the host; output leaves as binary frames (shared/wire.ts).
 *
 * Every upgrade goes through the same target parser as plain requests, and nothing an
 * upgrade or a frame carries can throw out of here. A view that stops reading is cut off
 * once its unsent backlog passes MAX_BACKLOG_BYTES (it reconnects and gets a fresh
 * snapshot): a client that never reads cannot grow the host's memory.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { LIMITS, type EventMessage } from '../../../shared/contract';
import {
  encodeOutputFrame,
  parseClientMessage,
  SOCKET_PATH,
  type ClientMessage,
  type ServerReply,
} from '../../../shared/wire';
import type { HostClient, ProjectHost } from '../../host/project-host';
import { parseRequestTarget } from '../../host/request-target';
import type { ServeGuard } from './serve-guard';

/**
 * Bytes a view may leave unread before it is disconnected. Output alone stays far below
 * (the pump keeps ≤ 512 KiB in flight per instance until the view acknowledges it); only
 * a view that stops reading, or acknowledges what it never read, gets here.
 */
export const MAX_BACKLOG_BYTES = 32 * 1024 * 1024;
/** Calls answered at once per view; the rest wait in order (their replies are built only when they run). */
export const CONCURRENT_CALLS = 4;
/** Bytes of calls a view may have waiting; more close the socket (1008). */
export const MAX_QUEUED_CALL_BYTES = 4 * 1024 * 1024;

export function attachWebSocketHost(server: Server, host: ProjectHost, guard: ServeGuard): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxMessageBytes });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // After an upgrade the HTTP server no longer listens for this socket's errors; an
    // unhandled one (a reset mid-handshake) would end the process.
    socket.on('error', () => socket.destroy());
    try {
      const refusal = refusalOf(request, guard);
      if (refusal) {
        socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => connect(ws, host));
    } catch {
      socket.destroy();
    }
  });
  return wss;
}

function refusalOf(request: IncomingMessage, guard: ServeGuard): string | null {
  const target = parseRequestTarget(request.url);
  if (!target.ok) return target.status === 414 ? '414 URI Too Long' : '400 Bad Request';
  if (target.segments.length !== 1 || `/${target.segments[0]}` !== SOCKET_PATH) return '404 Not Found';
  if (request.method !== 'GET') return '405 Method Not Allowed';
  if (!guard.hostAllowed(request.headers.host)) return '421 Misdirected Request';
  if (!guard.originAllowed(request.headers.origin)) return '403 Forbidden';
  const token = guard.check(target.query.get('token'), request.socket.remoteAddress ?? 'unknown');
  if (token === 'throttled') return '429 Too Many Requests';
  if (token === 'wrong') return '401 Unauthorized';
  return null;
}

function connect(ws: WebSocket, host: ProjectHost): void {
  const overloaded = () => ws.bufferedAmount > MAX_BACKLOG_BYTES;
  const client: HostClient = {
    send(message: EventMessage) {
      if (ws.readyState !== ws.OPEN) return;
      if (overloaded()) return ws.terminate();
      if (message.event === 'output') ws.send(encodeOutputFrame(message.payload));
      else ws.send(JSON.stringify(message));
    },
  };
  const detach = host.attach(client);
  // Calls waiting their turn, parsed, with the size of the frame each came in.
  const queue: { readonly call: Extract<ClientMessage, { kind: 'call' }>; readonly bytes: number }[] = [];
  let queuedBytes = 0;
  let running = 0;
  const next = () => {
    while (running < CONCURRENT_CALLS && queue.length > 0 && ws.readyState === ws.OPEN) {
      const { call, bytes } = queue.shift() as (typeof queue)[number];
      queuedBytes -= bytes;
      running++;
      void host.dispatch(client, call.name, call.params).then((result) => {
        running--;
        if (ws.readyState !== ws.OPEN) return;
        if (overloaded()) return ws.terminate();
        const reply: ServerReply = { id: call.id, result };
        ws.send(JSON.stringify(reply));
        next();
      });
    }
  };
  ws.on('close', () => {
    queue.length = 0;
    detach();
  });
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const text = data.toString();
    const message = parseClientMessage(text);
    // Not a call and not a notification: there is no id to answer, so it is dropped.
    if (!message) return;
    // One-way messages (acks, keystrokes, resizes) skip the call queue: they are carried
    // out on arrival, bounded by the frame size, and never answered.
    if (message.kind === 'notification') return void host.notify(client, message.name, message.params);
    queuedBytes += text.length;
    if (queuedBytes > MAX_QUEUED_CALL_BYTES) {
      queue.length = 0;
      return ws.close(1008, 'too many calls waiting');
    }
    queue.push({ call: message, bytes: text.length });
    next();
  });
}
