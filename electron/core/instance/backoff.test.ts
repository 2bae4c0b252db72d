import { describe, expect, it } from 'vitest';
import { DEFAULT_BACKOFF, decideRestart } from './backoff';

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
