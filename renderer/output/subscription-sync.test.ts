import { describe, expect, it } from 'vitest';
import type { CallName, CallParams, CallResult, CallResultValue } from '../../shared/contract';
import type { Bridge } from '../bridge/bridge';
import { SubscriptionSync } from './subscription-sync';

/** A bridge whose subscribe answers wait until the test settles them. */
function setup() {
  const calls: [CallName, unknown][] = [];
  const answers: ((ok: boolean) => void)[] = [];
  const bridge: Pick<Bridge, 'call'> = {
    call<K extends CallName>(name: K, params: CallParams<K>): Promise<CallResult<CallResultValue<K>>> {
      calls.push([name, params]);
      if (name !== 'output.subscribe')
        return Promise.resolve({ ok: true, value: null } as CallResult<CallResultValue<K>>);
      return new Promise((resolve) =>
        answers.push((ok) =>
          resolve(
            (ok
              ? { ok: true, value: null }
              : { ok: false, error: { code: 'not-found', message: 'unknown instance' } }) as CallResult<
              CallResultValue<K>
            >,
          ),
        ),
      );
    },
  };
  const sync = new SubscriptionSync(bridge);
  return { sync, calls, answers };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('SubscriptionSync', () => {
  it('asks nothing while disconnected, and everything wanted once a connection opens', () => {
    const { sync, calls } = setup();
    sync.want(['web.1']);
    expect(calls).toEqual([]);
    sync.open();
    sync.sync();
    expect(calls).toEqual([['output.subscribe', { instances: ['web.1'] }]]);
    expect(sync.isStreaming('web.1')).toBe(true);
  });

  it('subscribes afresh what it is told to replay, unsubscribing it first', () => {
    const { sync, calls } = setup();
    sync.open();
    sync.want(['web.1', 'web.2']);
    sync.want(['web.1', 'web.2'], ['web.2']);
    expect(calls.slice(1)).toEqual([
      ['output.unsubscribe', { instances: ['web.2'] }],
      ['output.subscribe', { instances: ['web.2'] }],
    ]);
  });

  it('a late refusal of an older call does not undo a newer subscription', async () => {
    const { sync, answers } = setup();
    sync.open();
    sync.want(['web.3']);
    sync.reset(); // a new project: the host streams nothing
    sync.want(['web.3']);
    answers[0]?.(false);
    await tick();
    expect(sync.isStreaming('web.3')).toBe(true);
    answers[1]?.(false);
    await tick();
    expect(sync.isStreaming('web.3')).toBe(false);
    expect(sync.missing('web.3')).toBe(true);
  });

  it('after a reset, subscribes everything wanted again', () => {
    const { sync, calls } = setup();
    sync.open();
    sync.want(['web.1']);
    sync.reset();
    sync.sync();
    expect(calls.filter(([name]) => name === 'output.subscribe')).toHaveLength(2);
    expect(calls.filter(([name]) => name === 'output.unsubscribe')).toHaveLength(0);
  });
});
