/**
 * Who may talk to `procdeck serve`: requests for our own host names only (DNS
 * rebinding fails), WebSockets from our own origin only (cross-site WebSocket hijacking
 * fails), and every API and WebSocket request with a token, compared in constant time.
 *
 * Tokens: the long-lived one (printed, or from PROCDECK_SERVE_TOKEN), and session tokens
 * that `serve --open` hands to the browser in exchange for a single-use code, so the
 * long-lived token never appears on a command line (see open-codes.ts).
 *
 * Failed attempts are counted per source address; a source over its budget gets 429s
 * for wrong tokens. The right token is always accepted: a page that floods us with wrong
 * guesses from the same address as the dashboard cannot lock the user out.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenCheck = 'ok' | 'wrong' | 'throttled';

/** Failures a source may make per window before its wrong guesses are answered 429. */
export const FAILURE_BUDGET = 20;
const WINDOW_MS = 60_000;
/** Sources remembered at once (the oldest is forgotten first): memory stays bounded. */
const MAX_SOURCES = 1024;

export class ServeGuard {
  readonly token: string;
  private readonly tokens: Buffer[];
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly port: () => number,
    private readonly extraHost: string | null,
    token?: string,
  ) {
    this.token = token ?? newSecret();
    this.tokens = [Buffer.from(this.token)];
  }

  /** A further token with the same power (a browser session). */
  addSessionToken(): string {
    const session = newSecret();
    this.tokens.push(Buffer.from(session));
    return session;
  }

  /** The names this server answers to, with the port. */
  allowedHosts(): string[] {
    const p = this.port();
    const hosts = [`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`];
    if (this.extraHost) hosts.push(`${this.extraHost.includes(':') ? `[${this.extraHost}]` : this.extraHost}:${p}`);
    return hosts;
  }

  hostAllowed(host: string | undefined): boolean {
    return typeof host === 'string' && this.allowedHosts().includes(host.toLowerCase());
  }

  /** Browsers always send Origin on a WebSocket; it must be one of ours. Tools may omit it. */
  originAllowed(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    return this.allowedHosts().some((h) => origin.toLowerCase() === `http://${h}`);
  }

  /** The token from `Authorization: Bearer …` or `?token=`. */
  tokenOf(query: URLSearchParams, authorization: string | undefined): string | null {
    const bearer = typeof authorization === 'string' ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
    return bearer ?? query.get('token');
  }

  check(candidate: string | null | undefined, source: string): TokenCheck {
    const given = Buffer.from(candidate ?? '');
    let ok = false;
    for (const token of this.tokens) if (given.length === token.length && timingSafeEqual(given, token)) ok = true;
    if (ok) return 'ok';
    return this.recordFailure(source) > FAILURE_BUDGET ? 'throttled' : 'wrong';
  }

  tokenValid(candidate: string | null | undefined, source: string): boolean {
    return this.check(candidate, source) === 'ok';
  }

  /** Counts a failure for `source` (a wrong token or code); returns its failures in the window. */
  recordFailure(source: string): number {
    const now = Date.now();
    const recent = (this.failures.get(source) ?? []).filter((t) => t > now - WINDOW_MS);
    recent.push(now);
    // Keep only what decides the answer: a flood costs a bounded list per source.
    if (recent.length > FAILURE_BUDGET + 1) recent.splice(0, recent.length - FAILURE_BUDGET - 1);
    this.failures.delete(source);
    this.failures.set(source, recent);
    if (this.failures.size > MAX_SOURCES) this.failures.delete(this.failures.keys().next().value as string);
    return recent.length;
  }
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
