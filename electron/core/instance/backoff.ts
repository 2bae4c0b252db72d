/**
 * The restart schedule: 1 s doubling to a 60 s cap, reset after 60 s of healthy running,
 * and a crash loop after 5 failed starts in a row. Pure.
 *
 * Numbers after Kubernetes' reduced CrashLoopBackOff curve (1 s → 60 s) and systemd's
 * start-limit burst of 5; see shared/background/reliability.md §1.
 */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** A run at least this long resets the schedule. */
  readonly healthyAfterMs: number;
  /** Failed starts in a row after which automatic restarts stop. */
  readonly maxFailedStarts: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 1000,
  maxMs: 60_000,
  healthyAfterMs: 60_000,
  maxFailedStarts: 5,
};

export type RestartDecision =
  | { readonly kind: 'retry'; readonly delayMs: number; readonly failures: number }
  | { readonly kind: 'crash-loop'; readonly failures: number };

/**
 * What to do after an exit, given the failures so far in this streak and how long the
 * process ran. A run that was healthy long enough starts a new streak.
 */
export function decideRestart(failuresBefore: number, uptimeMs: number, policy: BackoffPolicy): RestartDecision {
  const failures = (uptimeMs >= policy.healthyAfterMs ? 0 : failuresBefore) + 1;
  if (failures > policy.maxFailedStarts) return { kind: 'crash-loop', failures };
  return { kind: 'retry', delayMs: Math.min(policy.maxMs, policy.initialMs * 2 ** (failures - 1)), failures };
}
