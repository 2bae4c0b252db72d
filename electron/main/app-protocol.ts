/**
 * The `app://procdeck/` protocol: serves the built renderer (out/renderer) to our windows
 * through the module `procdeck serve` uses too (electron/host/renderer-files.ts: one path
 * resolver, one MIME table, one set of headers, the CSP among them).
 *
 * Only GET and HEAD, only the host `procdeck`, only paths request-target.ts accepts (no
 * `..`, no encoded separators, no NUL), only files inside the renderer folder; anything
 * else is a 404 or 405.
 */
import { contentSecurityPolicy } from '../host/content-security-policy';
import {
  readRendererFile,
  rendererFile,
  resolveRendererFile,
  securityHeaders,
  type ReadRendererFile,
} from '../host/renderer-files';
import { parseRequestTarget } from '../host/request-target';
import { APP_HOST, APP_SCHEME, type RendererSource } from './app-origin';

/** The privileges `protocol.registerSchemesAsPrivileged` gives our scheme (before app ready). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
} as const;

/** The CSP of a renderer page: the shared strict policy; the dev server adds its HMR socket and React's refresh preamble. */
export function rendererCsp(source: RendererSource): string {
  if (!source.devServer) return contentSecurityPolicy();
  return contentSecurityPolicy({ connect: [`ws://${source.host}`] }).replace(
    "script-src 'self'",
    "script-src 'self' 'unsafe-inline'",
  );
}

/** The file under `root` an app:// URL names, or null when it names nothing we serve. */
export function resolveAppAsset(root: string, url: string): string | null {
  const segments = appSegments(url);
  return segments ? resolveRendererFile(root, segments) : null;
}

/** The checked path segments of one of our app:// URLs (request-target.ts's rules), or null. */
function appSegments(url: string): readonly string[] | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (
    parsed.protocol !== `${APP_SCHEME}:` ||
    parsed.host !== APP_HOST ||
    parsed.username !== '' ||
    parsed.password !== ''
  )
    return null;
  const target = parseRequestTarget(parsed.pathname === '' ? '/' : parsed.pathname);
  return target.ok ? target.segments : null;
}

/** The handler for `protocol.handle(APP_SCHEME, …)`. */
export function appProtocolHandler(
  root: string,
  csp: string,
  read: ReadRendererFile = readRendererFile,
): (request: Request) => Promise<Response> {
  const headers = securityHeaders(csp);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, headers });
    }
    const segments = appSegments(request.url);
    const answer = segments ? await rendererFile(root, segments, csp, read) : ({ kind: 'not-found' } as const);
    if (answer.kind === 'not-found') return new Response('not found', { status: 404, headers });
    const body = request.method === 'HEAD' ? null : new Blob([answer.body as Uint8Array<ArrayBuffer>]);
    return new Response(body, { status: 200, headers: answer.headers });
  };
}
