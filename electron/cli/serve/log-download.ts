/**
 * `GET /api/log/web.1[?stream=stderr]`: an instance's full log file, for "open the full log".
 *
 * The file is streamed with backpressure (a client that reads slowly holds one chunk, not
 * the file) and closed however the download ends: a client that goes away mid-file must
 * not leave the descriptor open.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { parseInstanceId } from '../../../shared/model';
import type { ProjectHost } from '../../core/host/project-host';

export async function serveLogFile(
  id: string,
  query: URLSearchParams,
  host: ProjectHost,
  request: IncomingMessage,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<void> {
  const answer = (status: number, text: string) => {
    response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
    response.end(`${text}\n`);
  };
  const stream = query.get('stream') ?? 'out';
  if (!parseInstanceId(id) || !/^[A-Za-z0-9_-]+\.[1-9][0-9]{0,5}$/.test(id)) return answer(400, `bad request: not an instance name`);
  if (stream !== 'out' && stream !== 'stderr') return answer(400, 'bad request: stream must be stderr or absent');
  const file = host.logFileOf(id as `${string}.${number}`, stream === 'stderr' ? 'stderr' : 'out');
  if (file === undefined) return answer(404, `no instance ${id}`);
  response.writeHead(200, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  // An instance that has written nothing (on that stream) has an empty log, not a missing one.
  if (file === null || request.method === 'HEAD') {
    response.end();
    return;
  }
  // pipeline() destroys the file stream (closing its descriptor) when the response ends early.
  await pipeline(createReadStream(file), response).catch(() => response.destroy());
}
