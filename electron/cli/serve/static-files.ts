/**
 * Serves the built renderer: exact files under one root, never outside it, with a strict
 * CSP and headers that stop other sites from framing the page or including its scripts.
 */
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // A foreign page may not load our scripts with <script src> (CVE-2025-30359's pattern).
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cache-Control': 'no-store',
  };
}

/** `segments` come decoded and checked from request-target.ts (no `..`, no separators, no NUL). */
export async function serveStatic(root: string, segments: readonly string[], response: ServerResponse, csp: string): Promise<boolean> {
  const relative = segments.length === 1 && segments[0] === '' ? 'index.html' : segments.join('/');
  const file = normalize(join(root, relative));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return false;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return false;
  const body = await readFile(file);
  response.writeHead(200, {
    ...securityHeaders(csp),
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': body.length,
  });
  response.end(body);
  return true;
}
