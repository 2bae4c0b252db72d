/**
 * Who may talk to `procdeck serve`: requests for our own host names only (DNS
 * rebinding fails), WebSockets from our own origin only (cross-site WebSocket hijacking
 * fails), and every API and WebSocket request with the session's random token,
 * compared in constant time. Repeated failures are slowed down.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

export class ServeGuard {
  readonly token: string;
  private readonly tokenBytes: Buffer;
  private failures: number[] = [];

  constructor(
    private readonly port: () => number,
    private readonly extraHost: string | null,
    token?: string,
  ) {
    this.token = token ?? randomBytes(32).toString('base64url');
    this.tokenBytes = Buffer.from(this.token);
  }

  /** The names this server answers to, with the port. */
  allowedHosts(): string[] {
    const p = this.port();
    const hosts = [`127.0.0.1:${p}`, `localhost:${p}`, `[::1]:${p}`];
    if (this.extraHost) hosts.push(`${this.extraHost.includes(':') ? `[${this.extraHost}]` : this.extraHost}:${p}`);
    return hosts;
  }

  hostAllowed(host: string | undefined): boolean {
    return host !== undefined && this.allowedHosts().includes(host.toLowerCase());
  }

  /** Browsers always send Origin on a WebSocket; it must be one of ours. Tools may omit it. */
  originAllowed(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    return this.allowedHosts().some((h) => origin.toLowerCase() === `http://${h}`);
  }

  tokenValid(candidate: string | null | undefined): boolean {
    if (this.throttled()) return false;
    const given = Buffer.from(candidate ?? '');
    const ok = given.length === this.tokenBytes.length && timingSafeEqual(given, this.tokenBytes);
    if (!ok) this.failures.push(Date.now());
    return ok;
  }

  /** More than 20 failures in the last minute: refuse everything for a while. */
  private throttled(): boolean {
    const since = Date.now() - 60_000;
    this.failures = this.failures.filter((t) => t > since);
    return this.failures.length > 20;
  }
}

/** The token from `Authorization: Bearer …` or `?token=`. */
export function tokenFrom(url: URL, authorization: string | undefined): string | null {
  const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return bearer ?? url.searchParams.get('token');
}
