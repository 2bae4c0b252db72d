/**
 * `GET /api/log/web.1[?stream=stderr]`: an instance's full log file, for "open the full log".
 */
import { createReadStream } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { parseInstanceId } from '../../../shared/model';
import type { ProjectHost } from '../../core/host/project-host';

export async function serveLogFile(url: URL, host: ProjectHost, response: ServerResponse, headers: Record<string, string>): Promise<boolean> {
  const match = /^\/api\/log\/([^/]+)$/.exec(url.pathname);
  const id = match ? decodeURIComponent(match[1] as string) : '';
  if (!parseInstanceId(id)) return false;
  const runner = host.current?.supervisor.runner(id);
  if (!runner) return false;
  const wanted = url.searchParams.get('stream') === 'stderr' ? '.stderr.log' : null;
  const file = runner.logFiles.find((f) => (wanted ? f.endsWith(wanted) : !f.endsWith('.stderr.log')));
  response.writeHead(200, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  // An instance that has written nothing (on that stream) has an empty log, not a missing one.
  if (!file) {
    response.end();
    return true;
  }
  await new Promise<void>((resolve) => {
    const stream = createReadStream(file);
    stream.on('error', () => {
      response.end();
      resolve();
    });
    stream.on('end', resolve);
    stream.pipe(response);
  });
  return true;
}
