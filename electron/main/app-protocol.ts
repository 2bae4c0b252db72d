/**
 * The `app://procdeck/` protocol: serves the built renderer (out/renderer) to our windows,
 * with the Content-Security-Policy as a response header on every document.
 *
 * Only GET, only files inside the renderer folder (no `..`, no encoded separators, no
 * absolute paths), only the host `procdeck`; anything else is a 404 or 405.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { contentSecurityPolicy } from '../core/host/content-security-policy';
import { APP_HOST, APP_SCHEME, type RendererSource } from './app-origin';

/** The privileges `protocol.registerSchemesAsPrivileged` gives our scheme (before app ready). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
} as const;

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The CSP of a renderer page: the shared strict policy; the dev server adds its HMR socket and React's refresh preamble. */
export function rendererCsp(source: RendererSource): string {
  if (!source.devServer) return contentSecurityPolicy();
  return contentSecurityPolicy({ connect: [`ws://${source.host}`] }).replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
}

/** Headers every response of ours carries. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
  };
}

/** The file under `root` an app:// URL names, or null when it names nothing we serve. */
export function resolveAppAsset(root: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const relative = normalize(pathname).replace(/^[/\\]+/, '');
  if (relative.startsWith('..') || relative.split(/[/\\]/).includes('..')) return null;
  const file = join(root, relative);
  const base = root.endsWith(sep) ? root : root + sep;
  return file.startsWith(base) ? file : null;
}

export type ReadAsset = (file: string) => Promise<Uint8Array>;

/** The handler for `protocol.handle(APP_SCHEME, …)`. */
export function appProtocolHandler(root: string, csp: string, read: ReadAsset = readFile): (request: Request) => Promise<Response> {
  const headers = securityHeaders(csp);
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, headers });
    }
    const file = resolveAppAsset(root, request.url);
    if (!file) return new Response('not found', { status: 404, headers });
    let body: Uint8Array;
    try {
      body = await read(file);
    } catch {
      return new Response('not found', { status: 404, headers });
    }
    const type = MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
    return new Response(request.method === 'HEAD' ? null : new Blob([body as Uint8Array<ArrayBuffer>]), {
      status: 200,
      headers: { ...headers, 'Content-Type': type, 'Cache-Control': 'no-cache' },
    });
  };
}
