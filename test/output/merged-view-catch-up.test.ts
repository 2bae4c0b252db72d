/**
 * The output hub against the host's real pump and ring, over an in-order loopback wire
 * that can hold messages in flight (as a socket does), with xterm's write completions in
 * the test's hands. Issue 16: after a stream's last line reached an instance's terminal
 * while the merged view was not showing it, the merged view never showed that line.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  CallName,
  CallParams,
  CallResult,
  CallResultValue,
  EventMessage,
  NotificationName,
  NotificationParams,
} from '../../shared/contract';
import type { InstanceId } from '../../shared/model';
import { OutputPump } from '../../electron/host/output-pump';
import { OutputRing } from '../../electron/core/output/output-ring';
import type { Bridge } from '../../renderer/bridge/bridge';
import type { TerminalId } from '../../renderer/store/view';
import { OutputHub } from '../../renderer/output/output-hub';
import type { OutputTerminals } from '../../renderer/output/output-terminals';

const PUMP = { batchMs: 5, batchBytes: 1024, creditBytes: 4096, resumeTailBytes: 512 };

function setup(ids: readonly InstanceId[], ringBytes = 16 * 1024) {
  const rings = new Map(ids.map((id) => [id, new OutputRing(ringBytes)]));
  // Both directions keep their order; nothing crosses until `deliver` says so.
  const toHost: (() => void)[] = [];
  const toView: EventMessage[] = [];
  const calls: { name: CallName | NotificationName; params: unknown }[] = [];
  const pump = new OutputPump(
    (message) => toView.push(message),
    (id) => rings.get(id) ?? null,
    PUMP,
  );
  const bridge: Bridge = {
    transport: 'websocket',
    call<K extends CallName>(name: K, params: CallParams<K>): Promise<CallResult<CallResultValue<K>>> {
      calls.push({ name, params });
      toHost.push(() => {
        if (name === 'output.subscribe') pump.subscribe((params as CallParams<'output.subscribe'>).instances);
        if (name === 'output.unsubscribe') pump.unsubscribe((params as CallParams<'output.unsubscribe'>).instances);
      });
      return Promise.resolve({ ok: true, value: null } as CallResult<CallResultValue<K>>);
    },
    notify(name, params) {
      calls.push({ name, params });
      toHost.push(() => {
        if (name === 'output.ack')
          pump.ack(
            (params as NotificationParams<'output.ack'>).instance,
            (params as NotificationParams<'output.ack'>).bytes,
          );
      });
    },
    onEvent: () => () => undefined,
    onStatus: () => () => undefined,
    logUrl: () => null,
    openExternal: () => undefined,
    close: () => undefined,
  };
  const text = new Map<TerminalId, string>();
  const writesInXterm: (() => void)[] = [];
  const terminals: OutputTerminals = {
    write(viewId, data, done) {
      text.set(viewId, (text.get(viewId) ?? '') + (typeof data === 'string' ? data : new TextDecoder().decode(data)));
      if (done) writesInXterm.push(done);
    },
    dispose: (viewId) => void text.delete(viewId),
    reset: (viewId) => void text.set(viewId, ''),
    views: () => [...text.keys()],
  };
  const hub = new OutputHub(bridge, terminals, () => '36');
  hub.onStatus({ kind: 'open', reconnected: false });

  /** Runs the host's calls, then hands the host's messages to the hub, in order. */
  const deliver = () => {
    for (const call of toHost.splice(0)) call();
    for (const message of toView.splice(0)) {
      if (message.event === 'output') hub.onOutput(message.payload);
      else if (message.event === 'output-gap') hub.onGap(message.payload);
    }
  };
  /** Everything moves (timers, wire, xterm) until nothing is left to move. */
  const settle = () => {
    for (let i = 0; i < 200; i++) {
      vi.advanceTimersByTime(PUMP.batchMs);
      deliver();
      writesInXterm.splice(0).forEach((done) => done());
      if (toHost.length === 0 && toView.length === 0 && writesInXterm.length === 0 && vi.getTimerCount() === 0) return;
    }
    throw new Error('the output never settled');
  };
  const print = (id: InstanceId, s: string) => {
    (rings.get(id) as OutputRing).append('stdout', new TextEncoder().encode(s));
    pump.notify(id);
  };
  /** `count` numbered lines of 64 bytes. */
  const flood = (id: InstanceId, count: number) => {
    for (let n = 1; n <= count; n++)
      print(id, `${id} line ${String(n).padStart(6, '0')} ${'x'.repeat(64 - id.length - 20)}\n`);
  };
  const plain = (view: TerminalId) => (text.get(view) ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  const end = (id: InstanceId) => (rings.get(id) as OutputRing).end;
  const named = (name: CallName) => calls.filter((c) => c.name === name).map((c) => c.params);
  return { hub, deliver, settle, print, flood, plain, end, toView, writesInXterm, named };
}

const BOTH: InstanceId[] = ['flood.1', 'flood.2'];

describe('the merged view with the host pump', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it("shows a stream's last line that reached the instance's terminal while another view was on screen", () => {
    const { hub, settle, flood, print, plain, end } = setup(BOTH);
    hub.setWanted(BOTH, BOTH);
    flood('flood.1', 10);
    settle();
    // The user looks at flood.1 alone; it floods past the buffer (a skip-ahead gap) and ends.
    hub.setWanted(['flood.1'], []);
    flood('flood.1', 1000);
    print('flood.1', 'flood.1 flood done after 1010 lines\n');
    settle();
    expect(plain('instance:flood.1')).toMatch(/skipped[^\n]*\r\n[^]*flood done after 1010 lines\n$/);
    // Back to all output: the merged view marks what it did not show and ends with the last line.
    hub.setWanted(BOTH, BOTH);
    settle();
    expect(plain('merged')).toMatch(
      /flood\.1 \| … \d+ KB skipped[^]*flood\.1 \| flood\.1 flood done after 1010 lines\r\n$/,
    );
    expect(hub.inspect()['flood.1']).toMatchObject({
      written: end('flood.1'),
      merged: end('flood.1'),
      unacked: 0,
      writesInFlight: 0,
    });
  });

  it("shows a stream's last line that was on the wire when the user switched away from the merged view", () => {
    const { hub, deliver, settle, flood, print, plain, end, toView } = setup(BOTH);
    hub.setWanted(BOTH, BOTH);
    flood('flood.2', 10);
    settle();
    print('flood.2', 'flood.2 flood done after 10 lines\n');
    vi.advanceTimersByTime(PUMP.batchMs);
    expect(toView.length).toBeGreaterThan(0); // sent, not yet received
    hub.setWanted(['flood.1'], []);
    deliver(); // it arrives after the switch, and the host takes the unsubscribe after sending it
    settle();
    expect(plain('instance:flood.2')).toMatch(/flood done after 10 lines\n$/);
    hub.setWanted(BOTH, BOTH);
    settle();
    expect(plain('merged')).toMatch(/flood\.2 \| flood\.2 flood done after 10 lines\r\n$/);
    expect(plain('merged').match(/flood done/g)).toHaveLength(1);
    expect(hub.inspect()['flood.2']).toMatchObject({ written: end('flood.2'), merged: end('flood.2') });
  });

  it('shows a last partial line that follows a skip-ahead gap, once it has waited its turn', () => {
    const { hub, deliver, settle, flood, print, plain, writesInXterm } = setup(BOTH);
    hub.setWanted(BOTH, BOTH);
    flood('flood.1', 10);
    settle();
    // xterm falls behind (no write completes), the buffer moves on, and the stream ends without a newline.
    flood('flood.1', 1000);
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(PUMP.batchMs);
      deliver();
    }
    expect(writesInXterm.length).toBeGreaterThan(0);
    print('flood.1', 'flood.1 waiting for input> ');
    settle();
    expect(plain('instance:flood.1')).toMatch(/skipped[^]*waiting for input> $/);
    expect(plain('merged')).toMatch(/flood\.1 \| … \d+ KB skipped[^]*flood\.1 \| flood\.1 waiting for input> \r\n$/);
  });

  it('asks for no replay of an instance the merged view is not behind on', () => {
    const { hub, settle, flood, plain, named } = setup(BOTH);
    hub.setWanted(BOTH, BOTH);
    flood('flood.1', 10);
    flood('flood.2', 10);
    settle();
    hub.setWanted(['flood.2'], []);
    settle();
    hub.setWanted(BOTH, BOTH);
    settle();
    expect(named('output.subscribe')).toEqual([{ instances: BOTH }, { instances: ['flood.1'] }]);
    expect(plain('merged').match(/flood\.\d line/g)).toHaveLength(20);
  });
});
