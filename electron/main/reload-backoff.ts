/**
 * How long to wait before reloading a page whose renderer died: 1 s, then twice as long
 * for each crash that follows within a minute of the last (2 s, 4 s … capped at 30 s), so
 * a page that crashes as it loads does not spin the machine. Pure (the clock is a parameter).
 */
export interface BackoffLimits {
  readonly firstMs: number;
  readonly maxMs: number;
  /** A crash this long after the previous one starts over at `firstMs`. */
  readonly resetAfterMs: number;
}

export const RELOAD_BACKOFF: BackoffLimits = { firstMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

export class ReloadBackoff {
  private streak = 0;
  private lastCrash = Number.NEGATIVE_INFINITY;

  constructor(private readonly limits: BackoffLimits = RELOAD_BACKOFF) {}

  /** The delay before the reload that follows a crash at `now`. */
  next(now: number): number {
    if (now - this.lastCrash >= this.limits.resetAfterMs) this.streak = 0;
    this.lastCrash = now;
    const delay = Math.min(this.limits.maxMs, this.limits.firstMs * 2 ** this.streak);
    this.streak = Math.min(this.streak + 1, 30);
    return delay;
  }
}
