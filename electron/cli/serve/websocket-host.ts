/**
 * The WebSocket transport of `procdeck serve`: each connection is a view attached to
 * the ProjectHost. Calls arrive as JSON text frames and are validated by the host;
 * output leaves as binary frames (shared/wire.ts).
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { LIMITS, type EventMessage, type OutputBatch } from '../../../shared/contract';
import { FRAME_OUTPUT, OUTPUT_FRAME_HEADER, OUTPUT_STREAMS, SOCKET_PATH, type ServerReply } from '../../../shared/wire';
import type { HostClient, ProjectHost } from '../../core/host/project-host';
import type { ServeGuard } from './serve-guard';

export function attachWebSocketHost(server: Server, host: ProjectHost, guard: ServeGuard): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxMessageBytes });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const refusal =
      url.pathname !== SOCKET_PATH
        ? '404 Not Found'
        : !guard.hostAllowed(request.headers.host)
          ? '421 Misdirected Request'
          : !guard.originAllowed(request.headers.origin)
            ? '403 Forbidden'
            : !guard.tokenValid(url.searchParams.get('token'))
              ? '401 Unauthorized'
              : null;
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => connect(ws, host));
  });
  return wss;
}

function connect(ws: WebSocket, host: ProjectHost): void {
  const client: HostClient = {
    send(message: EventMessage) {
      if (ws.readyState !== ws.OPEN) return;
      if (message.event === 'output') ws.send(encodeOutputFrame(message.payload));
      else ws.send(JSON.stringify(message));
    },
  };
  const detach = host.attach(client);
  ws.on('close', detach);
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    if (isBinary) return;
    const message = parseCall(data.toString());
    if (!message) return;
    void host.dispatch(client, message.call, message.params).then((result) => {
      const reply: ServerReply = { id: message.id, result };
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply));
    });
  });
}

/** A call frame, or null when the frame is not one (then it is dropped: there is no id to answer). */
function parseCall(text: string): { id: number; call: unknown; params: unknown } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const { id, call, params } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
  return { id, call, params };
}

export function encodeOutputFrame(batch: OutputBatch): Buffer {
  const id = Buffer.from(batch.instance, 'utf8');
  const frame = Buffer.allocUnsafe(OUTPUT_FRAME_HEADER + id.length + batch.data.byteLength);
  frame[0] = FRAME_OUTPUT;
  frame[1] = OUTPUT_STREAMS.indexOf(batch.stream);
  frame.writeUInt16BE(id.length, 2);
  frame.writeDoubleBE(batch.offset, 4);
  id.copy(frame, OUTPUT_FRAME_HEADER);
  frame.set(batch.data, OUTPUT_FRAME_HEADER + id.length);
  return frame;
}
