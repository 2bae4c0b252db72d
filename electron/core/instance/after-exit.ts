/**
 * What an instance becomes after its process exits on its own: the exit policy, the
 * backoff schedule and start failures, decided in one pure function.
 */
import type { ExitPolicy, ExitStatus } from '../../../shared/model';
import { decideRestart, type BackoffPolicy } from './backoff';
import { classifyExit } from './exit-outcome';

export interface ExitFacts {
  readonly exit: ExitStatus;
  readonly uptimeMs: number;
  readonly startWindowMs: number;
  readonly policy: ExitPolicy;
  /** Failed starts in a row so far. */
  readonly failures: number;
  readonly backoff: BackoffPolicy;
}

export type AfterExit =
  /** The command cannot run at all; retrying would only repeat it. */
  | { readonly kind: 'failed'; readonly reason: string; readonly failures: number }
  | { readonly kind: 'backoff'; readonly delayMs: number; readonly failures: number }
  | { readonly kind: 'crash-loop'; readonly failures: number }
  | { readonly kind: 'exited' | 'crashed'; readonly stopAll: boolean; readonly failures: number };

export function afterExit(facts: ExitFacts): AfterExit {
  const outcome = classifyExit(facts.exit, false, facts.uptimeMs < facts.startWindowMs);
  switch (outcome.kind) {
    case 'failed':
      return { kind: 'failed', reason: outcome.reason, failures: facts.failures };
    case 'stopped':
    case 'exited':
    case 'crashed':
      break;
  }
  if (facts.policy === 'restart') {
    const decision = decideRestart(facts.failures, facts.uptimeMs, facts.backoff);
    return decision.kind === 'retry'
      ? { kind: 'backoff', delayMs: decision.delayMs, failures: decision.failures }
      : { kind: 'crash-loop', failures: decision.failures };
  }
  return { kind: outcome.kind === 'exited' ? 'exited' : 'crashed', stopAll: facts.policy === 'stop-all', failures: facts.failures };
}
