/**
 * A project change with the host's real pump and ring: the new project's `api.1` is a new
 * stream, and the page shows it from its first byte. The cursor fix lives in one place,
 * the host (ProjectHost drops every pump cursor when it switches projects; its own test
 * checks that it does); the page only forgets its own positions and subscribes again.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  CallName,
  CallParams,
  CallResult,
  CallResultValue,
  EventMessage,
  NotificationParams,
} from '../../shared/contract';
import type { InstanceId, ProjectSnapshot } from '../../shared/model';
import { OutputPump } from '../../electron/host/output-pump';
import { OutputRing } from '../../electron/core/output/output-ring';
import type { Bridge } from '../../renderer/bridge/bridge';
import type { TerminalId } from '../../renderer/store/view';
import { OutputHub } from '../../renderer/output/output-hub';
import type { OutputTerminals } from '../../renderer/output/output-terminals';

const PUMP = { batchMs: 5, batchBytes: 1024, creditBytes: 4096, resumeTailBytes: 512 };

function project(procfile: string): ProjectSnapshot {
  return {
    dir: '/p',
    name: 'p',
    procfile,
    procfiles: ['Procfile', 'Procfile.dev'],
    envFiles: [],
    spawner: 'pty',
    graceMs: 5000,
    types: [],
    instances: [],
    diagnostics: [],
  };
}

function setup() {
  let rings = new Map<InstanceId, OutputRing>([['api.1', new OutputRing(16 * 1024)]]);
  const toView: EventMessage[] = [];
  const pump = new OutputPump(
    (message) => toView.push(message),
    (id) => rings.get(id) ?? null,
    PUMP,
  );
  const bridge: Bridge = {
    transport: 'websocket',
    call<K extends CallName>(name: K, params: CallParams<K>): Promise<CallResult<CallResultValue<K>>> {
      if (name === 'output.subscribe') pump.subscribe((params as CallParams<'output.subscribe'>).instances);
      if (name === 'output.unsubscribe') pump.unsubscribe((params as CallParams<'output.unsubscribe'>).instances);
      return Promise.resolve({ ok: true, value: null } as CallResult<CallResultValue<K>>);
    },
    notify(name, params) {
      if (name === 'output.ack')
        pump.ack(
          (params as NotificationParams<'output.ack'>).instance,
          (params as NotificationParams<'output.ack'>).bytes,
        );
    },
    onEvent: () => () => undefined,
    onStatus: () => () => undefined,
    logUrl: () => null,
    openExternal: () => undefined,
    close: () => undefined,
  };
  const text = new Map<TerminalId, string>();
  const terminals: OutputTerminals = {
    write(viewId, data, done) {
      text.set(viewId, (text.get(viewId) ?? '') + (typeof data === 'string' ? data : new TextDecoder().decode(data)));
      done?.();
    },
    dispose: (viewId) => void text.delete(viewId),
    reset: (viewId) => void text.set(viewId, ''),
    views: () => [...text.keys()],
  };
  const hub = new OutputHub(bridge, terminals, () => '36');
  hub.onStatus({ kind: 'open', reconnected: false });
  hub.onEvent({ event: 'snapshot', payload: project('/p/Procfile') });
  const settle = () => {
    for (let i = 0; i < 200; i++) {
      vi.advanceTimersByTime(PUMP.batchMs);
      for (const message of toView.splice(0)) {
        if (message.event === 'output') hub.onOutput(message.payload);
        else if (message.event === 'output-gap') hub.onGap(message.payload);
      }
      if (toView.length === 0 && vi.getTimerCount() === 0) return;
    }
    throw new Error('the output never settled');
  };
  const print = (s: string) => {
    (rings.get('api.1') as OutputRing).append('stdout', new TextEncoder().encode(s));
    pump.notify('api.1');
  };
  /** What ProjectHost does when another project opens, then the events the page gets. */
  const switchProject = () => {
    pump.reset();
    rings = new Map([['api.1', new OutputRing(16 * 1024)]]);
    hub.onEvent({ event: 'snapshot', payload: null });
    hub.onEvent({ event: 'snapshot', payload: project('/p/Procfile.dev') });
  };
  const plain = (view: TerminalId) => (text.get(view) ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  return { hub, settle, print, switchProject, plain };
}

describe('a project change with the host pump', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  it("shows the new project's same-named instance from its first line, in its terminal and the merged view", () => {
    const { hub, settle, print, switchProject, plain } = setup();
    hub.setWanted(['api.1'], ['api.1']);
    for (let n = 1; n <= 40; n++) print(`old project line ${n}\n`);
    settle();
    expect(plain('instance:api.1')).toContain('old project line 40');
    switchProject();
    hub.setWanted(['api.1'], ['api.1']);
    print('new project starts here\n');
    for (let n = 1; n <= 60; n++) print(`new project line ${n}\n`);
    settle();
    expect(plain('instance:api.1')).toMatch(/^new project starts here\n[^]*new project line 60\n$/);
    expect(plain('instance:api.1')).not.toContain('old project');
    expect(plain('merged')).toMatch(/^api\.1 \| new project starts here\r\n[^]*api\.1 \| new project line 60\r\n$/);
    expect(hub.inspect()['api.1']).toMatchObject({ subscribed: true, unacked: 0, writesInFlight: 0 });
  });
});
