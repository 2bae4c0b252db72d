/**
 * What an instance becomes after its process exits on its own: the exit policy, the
 * backoff schedule and start failures, decided in one pure function.
 */
import type { ExitPolicy, ExitStatus } from '../../../shared/model';
import { decideRestart, type BackoffPolicy } from './backoff';

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

/** /bin/sh's answers for a command it cannot run. */
const SHELL_FAILURES: ReadonlyMap<number, string> = new Map([
  [127, 'command not found (exit 127)'],
  [126, 'command not executable: permission denied (exit 126)'],
]);

/** Exit code 0: an exit, not a crash. */
export function isCleanExit(exit: ExitStatus): boolean {
  return exit.kind === 'code' && exit.code === 0;
}

export function afterExit(facts: ExitFacts): AfterExit {
  // The shell's "not found" and "not executable", right after the start: retrying only repeats them.
  const early = facts.uptimeMs < facts.startWindowMs;
  const shellFailure = early && facts.exit.kind === 'code' ? SHELL_FAILURES.get(facts.exit.code) : undefined;
  if (shellFailure) return { kind: 'failed', reason: shellFailure, failures: facts.failures };
  if (facts.policy === 'restart') {
    const decision = decideRestart(facts.failures, facts.uptimeMs, facts.backoff);
    return decision.kind === 'retry'
      ? { kind: 'backoff', delayMs: decision.delayMs, failures: decision.failures }
      : { kind: 'crash-loop', failures: decision.failures };
  }
  return {
    kind: isCleanExit(facts.exit) ? 'exited' : 'crashed',
    stopAll: facts.policy === 'stop-all',
    failures: facts.failures,
  };
}
