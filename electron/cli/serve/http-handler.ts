/**
 * Every HTTP request of `procdeck serve` enters here. The target is parsed once
 * (request-target.ts), then Host, method and token are checked, then it is routed. The
 * handler never throws and never rejects: whatever arrives gets a status and the host
 * goes on (an exception here used to end `serve`, and its lifeline stopped every process).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProjectHost } from '../../host/project-host';
import { rendererFile, securityHeaders } from '../../host/renderer-files';
import { serveLogByHandle, serveLogFile } from './log-download';
import type { OpenCodes } from './open-codes';
import { parseRequestTarget } from '../../host/request-target';
import type { ServeGuard } from './serve-guard';

export interface HttpDeps {
  readonly guard: ServeGuard;
  readonly codes: OpenCodes;
  readonly host: ProjectHost;
  readonly rendererRoot: string;
  csp(): string;
}

export function createRequestHandler(deps: HttpDeps): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    response.on('error', () => response.destroy());
    handle(deps, request, response).catch(() => {
      // A bug, not input: answer 500 if we still can, and keep serving.
      if (!response.headersSent) refuse(deps, response, 500, 'internal error');
      else response.destroy();
    });
  };
}

export function refuse(deps: Pick<HttpDeps, 'csp'>, response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, {
    ...securityHeaders(deps.csp()),
    'Content-Type': 'text/plain; charset=utf-8',
    Connection: 'close',
  });
  response.end(`${text}\n`);
}

async function handle(deps: HttpDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { guard } = deps;
  const target = parseRequestTarget(request.url);
  if (!target.ok) return refuse(deps, response, target.status, `bad request: ${target.reason}`);
  if (!guard.hostAllowed(request.headers.host))
    return refuse(deps, response, 421, 'wrong Host: this server answers to 127.0.0.1 and localhost only');
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(deps, response, 405, 'method not allowed');
  const [first, ...rest] = target.segments;
  const source = request.socket.remoteAddress ?? 'unknown';
  if (first === 'open' && rest.length === 0) return redeemOpenCode(deps, target.query.get('code'), source, response);
  if (first === 'log' && rest.length === 1) {
    if (!(await serveLogByHandle(rest[0] as string, deps.host, request, response, securityHeaders(deps.csp()))))
      guard.recordFailure(source);
    return;
  }
  if (first === 'api') {
    const token = guard.check(guard.tokenOf(target.query, request.headers.authorization), source);
    if (token === 'throttled')
      return refuse(deps, response, 429, 'too many wrong tokens from this address; wait a minute');
    if (token === 'wrong') return refuse(deps, response, 401, 'missing or wrong token');
    if (rest[0] === 'log' && rest.length === 2)
      return serveLogFile(rest[1] as string, target.query, deps.host, request, response, securityHeaders(deps.csp()));
    return refuse(deps, response, 404, 'not found');
  }
  // The renderer, served the way the desktop app's app:// protocol serves it (renderer-files.ts).
  const file = await rendererFile(deps.rendererRoot, target.segments, deps.csp());
  if (file.kind === 'file') {
    response.writeHead(200, file.headers);
    response.end(file.body);
    return;
  }
  if (target.segments.length === 1 && first === '') {
    return refuse(
      deps,
      response,
      503,
      `the dashboard is not built (${deps.rendererRoot} is missing): run npm run build`,
    );
  }
  return refuse(deps, response, 404, 'not found');
}

/**
 * `GET /open?code=…` (what `serve --open` gives the browser): a live single-use code is
 * exchanged for a session token, handed to the page in its fragment (never sent to a
 * server, never in a Referer); the long-lived token never leaves the process.
 */
function redeemOpenCode(deps: HttpDeps, code: string | null, source: string, response: ServerResponse): void {
  if (!deps.codes.redeem(code)) {
    deps.guard.recordFailure(source);
    return refuse(
      deps,
      response,
      401,
      'this link was already used or has expired: run procdeck serve --open again, or open the URL it printed',
    );
  }
  response.writeHead(303, {
    ...securityHeaders(deps.csp()),
    Location: `/#token=${deps.guard.addSessionToken()}`,
    'Content-Length': 0,
  });
  response.end();
}
