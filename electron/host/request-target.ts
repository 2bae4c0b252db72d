/**
 * The one place a request target is parsed: `procdeck serve`'s HTTP requests and WebSocket
 * upgrades, and the path of the desktop app's `app://` URLs (renderer-files.ts serves both
 * from the segments this returns). `new URL()` throws on targets such as `//x:99999` or `//[`, and a
 * throw there once took the host and the whole formation down; this parser never throws,
 * bounds the target's size and answers every malformed target with a status to send.
 */

/** Longest request target accepted (Node's own header limit is 16 KiB for the whole head). */
export const MAX_TARGET_LENGTH = 8 * 1024;

export type RequestTarget =
  | {
      readonly ok: true;
      /** The path's segments, percent-decoded (`/api/log/web.1` → `['api', 'log', 'web.1']`). */
      readonly segments: readonly string[];
      readonly query: URLSearchParams;
    }
  | { readonly ok: false; readonly status: 400 | 414; readonly reason: string };

/** Characters a path may hold as sent (RFC 3986 pchar and `/`; `%` only as an escape). */
const PATH_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/;
const ESCAPES = /%(?![0-9A-Fa-f]{2})/;

export function parseRequestTarget(raw: string | undefined): RequestTarget {
  if (raw === undefined || raw === '') return bad('an empty request target');
  if (raw.length > MAX_TARGET_LENGTH)
    return { ok: false, status: 414, reason: `a request target over ${MAX_TARGET_LENGTH} bytes` };
  // Origin form only: `/path?query`. No absolute form (`http://host/…`), no authority form, no `*`.
  if (!raw.startsWith('/')) return bad('a request target that is not a path');
  const hash = raw.indexOf('#');
  const target = hash === -1 ? raw : raw.slice(0, hash);
  const mark = target.indexOf('?');
  const path = mark === -1 ? target : target.slice(0, mark);
  const search = mark === -1 ? '' : target.slice(mark + 1);
  if (path.startsWith('//')) return bad('a path that starts with //');
  if (!PATH_CHARS.test(path) || ESCAPES.test(path))
    return bad('a path with characters that must be escaped, or a broken % escape');
  const segments: string[] = [];
  for (const part of path.slice(1).split('/')) {
    const decoded = decodeSegment(part);
    if (decoded === null) return bad('a path segment that is not UTF-8');
    if (decoded === '.' || decoded === '..' || /[\0/\\]/.test(decoded))
      return bad('a path segment that names a folder or holds a separator');
    segments.push(decoded);
  }
  // An empty last segment (`/`, `/api/`) stays: `['']` is the root.
  if (ESCAPES.test(search)) return bad('a query with a broken % escape');
  return { ok: true, segments, query: new URLSearchParams(search) };
}

function decodeSegment(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

function bad(reason: string): RequestTarget {
  return { ok: false, status: 400, reason };
}
