/**
 * Opaque handles for "Full log": the view asks for a handle (`output.logHandle`) and
 * downloads `/log/<handle>`; no absolute path of a log ever crosses the contract, and the
 * long-lived token never lands in a URL the browser keeps in its history. A handle is
 * random, works once, and only for a minute.
 */
import { randomBytes } from 'node:crypto';

const LIFETIME_MS = 60_000;
const MAX_LIVE = 64;

export class LogHandles<T> {
  private readonly live = new Map<string, { readonly target: T; readonly until: number }>();

  issue(target: T, now = Date.now()): string {
    this.prune(now);
    const handle = randomBytes(24).toString('base64url');
    this.live.set(handle, { target, until: now + LIFETIME_MS });
    if (this.live.size > MAX_LIVE) this.live.delete(this.live.keys().next().value as string);
    return handle;
  }

  /** The handle's target, once; undefined for an unknown, used or expired handle. */
  redeem(handle: string, now = Date.now()): T | undefined {
    this.prune(now);
    const entry = this.live.get(handle);
    this.live.delete(handle);
    return entry?.target;
  }

  private prune(now: number): void {
    for (const [handle, entry] of this.live) if (entry.until <= now) this.live.delete(handle);
  }
}
