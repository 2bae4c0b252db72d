import { describe, expect, it } from 'vitest';
import type { ExitPolicy, ExitStatus } from '../../../shared/model';
import { afterExit } from './after-exit';
import { DEFAULT_BACKOFF } from './backoff';

const code = (n: number): ExitStatus => ({ kind: 'code', code: n });
const facts = (policy: ExitPolicy, exit: ExitStatus, uptimeMs = 5000, failures = 0) => ({
  exit,
  uptimeMs,
  startWindowMs: 1000,
  policy,
  failures,
  backoff: DEFAULT_BACKOFF,
});

describe('afterExit', () => {
  it.each([
    ['keep', code(0), { kind: 'exited', stopAll: false }],
    ['keep', code(3), { kind: 'crashed', stopAll: false }],
    ['keep', { kind: 'signal', signal: 'SIGSEGV' }, { kind: 'crashed', stopAll: false }],
    ['stop-all', code(0), { kind: 'exited', stopAll: true }],
    ['stop-all', code(1), { kind: 'crashed', stopAll: true }],
    ['restart', code(1), { kind: 'backoff', delayMs: 1000, failures: 1 }],
    ['restart', code(0), { kind: 'backoff', delayMs: 1000, failures: 1 }],
  ] as const)('under %s, %j becomes %j', (policy, exit, expected) => {
    expect(afterExit(facts(policy, exit))).toMatchObject(expected);
  });

  it('does not retry a command that cannot be found, whatever the policy', () => {
    for (const policy of ['keep', 'stop-all', 'restart'] as const) {
      expect(afterExit(facts(policy, code(127), 20))).toEqual({
        kind: 'failed',
        reason: 'command not found (exit 127)',
        failures: 0,
      });
    }
  });

  it('takes a late exit 127 for a crash, not for a command that cannot start', () => {
    expect(afterExit(facts('keep', code(127), 5000))).toEqual({ kind: 'crashed', stopAll: false, failures: 0 });
  });

  it('explains a command that is not executable', () => {
    expect(afterExit(facts('keep', code(126), 20))).toMatchObject({
      kind: 'failed',
      reason: 'command not executable: permission denied (exit 126)',
    });
  });

  it('enters the crash loop after five failed restarts', () => {
    expect(afterExit(facts('restart', code(1), 100, 5))).toEqual({ kind: 'crash-loop', failures: 6 });
  });
});
