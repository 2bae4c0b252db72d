/**
 * Single-use codes for `serve --open`: the browser opener's command line (readable by
 * every local user in /proc/PID/cmdline) carries a code, not the long-lived token. The
 * page's first load redeems it for a session token; a code works once, for a minute.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

const LIFETIME_MS = 60_000;
const MAX_CODES = 16;

export class OpenCodes {
  private codes: { readonly code: Buffer; readonly until: number }[] = [];

  issue(now = Date.now()): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.push({ code: Buffer.from(code), until: now + LIFETIME_MS });
    if (this.codes.length > MAX_CODES) this.codes.shift();
    return code;
  }

  /** True once for a live code; the code is gone after. */
  redeem(candidate: string | null, now = Date.now()): boolean {
    this.codes = this.codes.filter((c) => c.until > now);
    const given = Buffer.from(candidate ?? '');
    const index = this.codes.findIndex((c) => c.code.length === given.length && timingSafeEqual(c.code, given));
    if (index === -1) return false;
    this.codes.splice(index, 1);
    return true;
  }
}
