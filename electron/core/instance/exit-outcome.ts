/**
 * How an exit is shown: stopped (asked for), exited (code 0), crashed, or a start that
 * could not succeed. Pure.
 */
import type { ExitStatus } from '../../../shared/model';

export type ExitOutcome =
  | { readonly kind: 'stopped' }
  | { readonly kind: 'exited' }
  | { readonly kind: 'crashed' }
  | { readonly kind: 'failed'; readonly reason: string };

/** /bin/sh's answers for a command it cannot run. */
const SHELL_FAILURES: ReadonlyMap<number, string> = new Map([
  [127, 'command not found (exit 127)'],
  [126, 'command not executable: permission denied (exit 126)'],
]);

export function classifyExit(exit: ExitStatus, stopRequested: boolean, duringStartWindow: boolean): ExitOutcome {
  if (stopRequested) return { kind: 'stopped' };
  if (exit.kind === 'code') {
    if (exit.code === 0) return { kind: 'exited' };
    const shellFailure = SHELL_FAILURES.get(exit.code);
    if (shellFailure && duringStartWindow) return { kind: 'failed', reason: shellFailure };
  }
  return { kind: 'crashed' };
}
