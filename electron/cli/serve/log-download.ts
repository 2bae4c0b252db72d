/**
 * Full logs for "open the full log":
 * - `GET /log/<handle>`: with a single-use handle from `output.logHandle` (the handle is
 *   the credential; no token in a URL the browser keeps);
 * - `GET /api/log/web.1[?stream=stderr]`: with the token (tools; the page itself never puts the token in a URL).
 *
 * The file is streamed with backpressure (a client that reads slowly holds one chunk, not
 * the file) and closed however the download ends: a client that goes away mid-file must
 * not leave the descriptor open.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { InstanceId } from '../../../shared/model';
import type { ProjectHost } from '../../host/project-host';

const INSTANCE = /^[A-Za-z0-9_-]{1,256}\.[1-9][0-9]{0,5}$/;

export async function serveLogFile(
  id: string,
  query: URLSearchParams,
  host: ProjectHost,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const stream = query.get('stream') ?? 'out';
  if (!INSTANCE.test(id)) return answer(response, headers, 400, 'bad request: not an instance name');
  if (stream !== 'out' && stream !== 'stderr')
    return answer(response, headers, 400, 'bad request: stream must be stderr or absent');
  const file = host.logFileOf(id as InstanceId, stream);
  if (file === undefined) return answer(response, headers, 404, `no instance ${id}`);
  return sendLog(file, request, response, headers);
}

/** Answers a handle; false when it is not a live handle (the caller counts the failure). */
export async function serveLogByHandle(
  handle: string,
  host: ProjectHost,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<boolean> {
  const file = /^[A-Za-z0-9_-]{1,64}$/.test(handle) ? host.redeemLogHandle(handle) : undefined;
  if (file === undefined) {
    answer(response, headers, 404, 'this log link was already used or has expired: click "Full log" again');
    return false;
  }
  await sendLog(file, request, response, headers);
  return true;
}

async function sendLog(
  file: string | null,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  response.writeHead(200, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  // An instance that has written nothing (on that stream) has an empty log, not a missing one.
  if (file === null || request.method === 'HEAD') {
    response.end();
    return;
  }
  // pipeline() destroys the file stream (closing its descriptor) when the response ends early.
  await pipeline(createReadStream(file), response).catch(() => response.destroy());
}

function answer(response: ServerResponse, headers: Record<string, string>, status: number, text: string): void {
  response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${text}\n`);
}
