import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, decideRestart } from './backoff';
import { classifyExit } from './exit-outcome';

describe('decideRestart', () => {
  it('doubles from 1 s and gives up after 5 failed starts in a row', () => {
    let failures = 0;
    const delays: (number | string)[] = [];
    for (let i = 0; i < 6; i++) {
      const decision = decideRestart(failures, 100, DEFAULT_BACKOFF);
      failures = decision.failures;
      delays.push(decision.kind === 'retry' ? decision.delayMs : decision.kind);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 'crash-loop']);
  });

  it('caps the delay at 60 s', () => {
    const policy = { ...DEFAULT_BACKOFF, maxFailedStarts: 20 };
    expect(decideRestart(9, 0, policy)).toEqual({ kind: 'retry', delayMs: 60_000, failures: 10 });
  });

  it('starts over from 1 s after a run that was healthy for 60 s', () => {
    expect(decideRestart(4, 60_000, DEFAULT_BACKOFF)).toEqual({ kind: 'retry', delayMs: 1000, failures: 1 });
    expect(decideRestart(4, 59_999, DEFAULT_BACKOFF)).toEqual({ kind: 'retry', delayMs: 16_000, failures: 5 });
  });
});

describe('classifyExit', () => {
  it.each([
    [{ kind: 'code', code: 0 }, false, false, 'exited'],
    [{ kind: 'code', code: 3 }, false, false, 'crashed'],
    [{ kind: 'signal', signal: 'SIGSEGV' }, false, false, 'crashed'],
    [{ kind: 'signal', signal: 'SIGTERM' }, true, false, 'stopped'],
    [{ kind: 'code', code: 127 }, false, true, 'failed'],
    [{ kind: 'code', code: 126 }, false, true, 'failed'],
    [{ kind: 'code', code: 127 }, false, false, 'crashed'],
  ] as const)('%j (stop requested: %s, in start window: %s) is %s', (exit, requested, early, kind) => {
    expect(classifyExit(exit, requested, early).kind).toBe(kind);
  });

  it('explains a command that cannot be found', () => {
    expect(classifyExit({ kind: 'code', code: 127 }, false, true)).toEqual({ kind: 'failed', reason: 'command not found (exit 127)' });
  });
});
