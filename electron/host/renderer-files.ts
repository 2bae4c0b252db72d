/**
 * Serving the built renderer: one module for the desktop app's `app://procdeck/` protocol
 * and `procdeck serve`'s http. One path resolver (segments already checked by
 * request-target.ts, then confined to the root), one MIME table, one set of security
 * headers, so the two hosts cannot drift apart again (they once sent different headers
 * and checked paths differently).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/** Content types by extension (lower case). Anything else is served as bytes (and `nosniff` keeps it so). */
export const RENDERER_TYPES: Readonly<Record<string, string>> = {
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

/** The content type of a file we serve. */
export function contentTypeOf(file: string): string {
  return RENDERER_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Headers every response of ours carries, files and refusals alike, on both hosts: the
 * stricter of the two sets each host once had.
 */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // A foreign page may not load our scripts with <script src> (CVE-2025-30359's pattern).
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    // For browsers without CSP frame-ancestors.
    'X-Frame-Options': 'DENY',
    // Nothing of ours is kept: a new build, or a new token's page, is never served stale.
    'Cache-Control': 'no-store',
  };
}

/**
 * The file under `root` that checked request segments name (`['']`, the root, is
 * index.html), or null when they name nothing inside it.
 */
export function resolveRendererFile(root: string, segments: readonly string[]): string | null {
  if (segments.some((s) => s === '.' || s === '..' || /[\0/\\]/.test(s))) return null;
  const relative =
    segments.length === 0 || (segments.length === 1 && segments[0] === '') ? 'index.html' : segments.join('/');
  const file = normalize(join(root, relative));
  return file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

/** Reads one file we serve; rejects when it is missing or not a regular file. */
export type ReadRendererFile = (file: string) => Promise<Uint8Array>;

/** Only regular files (a directory, a FIFO or a socket is "not found"; a FIFO would never end). */
export const readRendererFile: ReadRendererFile = async (file) => {
  const info = await stat(file);
  if (!info.isFile()) throw new Error(`${file} is not a file`);
  return readFile(file);
};

export type RendererAnswer =
  | {
      readonly kind: 'file';
      readonly file: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: Uint8Array;
    }
  | { readonly kind: 'not-found' };

/** The renderer's file for a request's segments, with every header it goes out with. */
export async function rendererFile(
  root: string,
  segments: readonly string[],
  csp: string,
  read: ReadRendererFile = readRendererFile,
): Promise<RendererAnswer> {
  const file = resolveRendererFile(root, segments);
  if (!file) return { kind: 'not-found' };
  let body: Uint8Array;
  try {
    body = await read(file);
  } catch {
    return { kind: 'not-found' };
  }
  return {
    kind: 'file',
    file,
    body,
    headers: {
      ...securityHeaders(csp),
      'Content-Type': contentTypeOf(file),
      'Content-Length': String(body.byteLength),
    },
  };
}
