import { describe, expect, it } from 'vitest';
import type {
  CallName,
  CallParams,
  CallResult,
  CallResultValue,
  NotificationName,
  OutputBatch,
} from '../../shared/contract';
import type { InstanceId, InstanceSnapshot, ProjectSnapshot } from '../../shared/model';
import type { Bridge } from '../bridge/bridge';
import type { TerminalId } from '../store/view';
import { OutputHub } from './output-hub';
import type { OutputTerminals } from './output-terminals';

interface Sent {
  name: CallName | NotificationName;
  params: unknown;
}

/** A bridge that records calls and notifications, in order; `output.read` answers with `readEnd`. */
function fakeBridge(readEnd = new Map<string, number>(), unknown = new Set<string>()) {
  const calls: Sent[] = [];
  const bridge: Bridge = {
    transport: 'websocket',
    call<K extends CallName>(name: K, params: CallParams<K>): Promise<CallResult<CallResultValue<K>>> {
      calls.push({ name, params });
      if (name === 'output.read') {
        const instance = (params as CallParams<'output.read'>).instance;
        const end = readEnd.get(instance);
        const result =
          end === undefined
            ? { ok: false as const, error: { code: 'not-found' as const, message: 'gone' } }
            : { ok: true as const, value: { text: '', start: 0, end, logFiles: [] } };
        return Promise.resolve(result as CallResult<CallResultValue<K>>);
      }
      if (
        name === 'output.subscribe' &&
        (params as CallParams<'output.subscribe'>).instances.some((id) => unknown.has(id))
      ) {
        return Promise.resolve({ ok: false, error: { code: 'not-found', message: 'unknown instance' } } as CallResult<
          CallResultValue<K>
        >);
      }
      return Promise.resolve({ ok: true, value: null } as CallResult<CallResultValue<K>>);
    },
    notify(name, params) {
      calls.push({ name, params });
    },
    onEvent: () => () => undefined,
    onStatus: () => () => undefined,
    logUrl: (id) => `http://127.0.0.1:1/api/log/${id}?token=t`,
    openExternal: () => undefined,
    close: () => undefined,
  };
  return { bridge, calls };
}

/** Terminals that keep what was written; writes complete when `flush()` says so. */
function fakeTerminals() {
  const text = new Map<TerminalId, string>();
  const pending: (() => void)[] = [];
  const terminals: OutputTerminals = {
    write(viewId, data, done) {
      text.set(viewId, (text.get(viewId) ?? '') + (typeof data === 'string' ? data : new TextDecoder().decode(data)));
      if (done) pending.push(done);
    },
    dispose: (viewId) => void text.delete(viewId),
    reset: (viewId) => void text.set(viewId, ''),
    views: () => [...text.keys()],
  };
  const flush = () => pending.splice(0).forEach((done) => done());
  return { terminals, text, flush };
}

const enc = (s: string) => new TextEncoder().encode(s);
/** A batch whose bytes all arrived at `at`; `first`: the first of a subscription. */
const batch = (instance: InstanceId, offset: number, data: string, at = 1000, first = false): OutputBatch => ({
  instance,
  offset,
  stream: 'pty',
  data: enc(data),
  arrivals: data.length > 0 ? [offset, at] : [],
  first,
});
const plain = (s: string | undefined) => (s ?? '').replace(/\x1b\[[0-9;]*m/g, '').replace(/\x1b\]8;;[^\x07]*\x07/g, '');

function snapshot(dir: string, procfile = `${dir}/Procfile`): ProjectSnapshot {
  return {
    dir,
    name: 'p',
    procfile,
    procfiles: ['Procfile'],
    envFiles: [],
    spawner: 'pty',
    graceMs: 5000,
    types: [],
    instances: [],
    diagnostics: [],
  };
}

function setup(readEnd?: Map<string, number>, unknown?: Set<string>) {
  const b = fakeBridge(readEnd, unknown);
  const t = fakeTerminals();
  const hub = new OutputHub(b.bridge, t.terminals, () => '36');
  hub.onStatus({ kind: 'open', reconnected: false });
  hub.onEvent({ event: 'snapshot', payload: snapshot('/p') });
  const acks = () => b.calls.filter((c) => c.name === 'output.ack').map((c) => c.params);
  const named = (name: CallName) => b.calls.filter((c) => c.name === name).map((c) => c.params);
  return { hub, ...b, ...t, acks, named };
}

describe('OutputHub', () => {
  it('subscribes to what is on screen, and unsubscribes what left it', () => {
    const { hub, named } = setup();
    hub.setWanted(['web.1', 'web.2'], ['web.1', 'web.2']);
    hub.setWanted(['web.2'], []);
    expect(named('output.subscribe')).toEqual([{ instances: ['web.1', 'web.2'] }]);
    expect(named('output.unsubscribe')).toEqual([{ instances: ['web.1'] }]);
  });

  it('writes a batch to the instance terminal and acks it once xterm has processed it', () => {
    const { hub, text, flush, acks } = setup();
    hub.setWanted(['web.1'], []);
    hub.onOutput(batch('web.1', 0, 'hello\r\n'));
    expect(text.get('instance:web.1')).toBe('hello\r\n');
    expect(acks()).toEqual([]);
    flush();
    expect(acks()).toEqual([{ instance: 'web.1', bytes: 7 }]);
  });

  it('also writes prefixed lines to the merged view, and acks after both writes', () => {
    const { hub, text, flush, acks } = setup();
    hub.setWanted(['web.1'], ['web.1']);
    hub.onOutput(batch('web.1', 0, 'up\n'));
    expect(plain(text.get('merged'))).toBe('web.1 | up\r\n');
    flush();
    expect(acks()).toEqual([{ instance: 'web.1', bytes: 3 }]);
  });

  it('trims a replay to what the terminal has not shown yet, and still acks all of it', () => {
    const { hub, text, flush, acks } = setup();
    hub.setWanted(['web.1'], []);
    hub.onOutput(batch('web.1', 0, 'abc'));
    flush();
    hub.onOutput(batch('web.1', 0, 'abcdef'));
    flush();
    expect(text.get('instance:web.1')).toBe('abcdef');
    hub.onOutput(batch('web.1', 0, 'abcdef'));
    expect(acks()).toEqual([
      { instance: 'web.1', bytes: 3 },
      { instance: 'web.1', bytes: 6 },
      { instance: 'web.1', bytes: 6 },
    ]);
  });

  it('the merged view takes back an instance it hid while behind without a hole: bytes still in flight wait for the replay', () => {
    const { hub, text, named } = setup();
    hub.setWanted(['web.1'], ['web.1']);
    hub.onOutput(batch('web.1', 0, 'one\n', 1000, true));
    // Its own terminal on screen, the merged view hidden: only the terminal goes on.
    hub.setWanted(['web.1'], []);
    hub.onOutput(batch('web.1', 4, 'two\n'));
    // All output again: behind, so it asks for a replay (unsubscribe, subscribe)…
    hub.setWanted(['web.1'], ['web.1']);
    expect(named('output.unsubscribe')).toEqual([{ instances: ['web.1'] }]);
    // …but a batch of the old subscription is still on its way: not the merged view's.
    hub.onOutput(batch('web.1', 8, 'three\n'));
    expect(plain(text.get('merged'))).toBe('web.1 | one\r\n');
    // The replay brings everything it missed, in order, once, and no hole is marked.
    hub.onOutput(batch('web.1', 0, 'one\ntwo\nthree\n', 1000, true));
    hub.onOutput(batch('web.1', 14, 'four\n'));
    expect(plain(text.get('merged'))).toBe('web.1 | one\r\nweb.1 | two\r\nweb.1 | three\r\nweb.1 | four\r\n');
    expect(text.get('instance:web.1')).toBe('one\ntwo\nthree\nfour\n');
  });

  it("marks a hole in the stream, and the host's skip-ahead notice", () => {
    const { hub, text, flush } = setup();
    hub.setWanted(['web.1'], ['web.1']);
    hub.onOutput(batch('web.1', 0, 'a\n'));
    hub.onOutput(batch('web.1', 2050, 'b\n'));
    expect(plain(text.get('instance:web.1'))).toContain('… 2 KB skipped — open the full log');
    hub.onGap({ instance: 'web.1', skipped: 812 * 1024, resumeAt: 900_000 });
    hub.onOutput(batch('web.1', 900_000, 'c\n'));
    flush();
    expect(plain(text.get('instance:web.1'))).toContain('… 812 KB skipped — open the full log');
    expect(plain(text.get('merged'))).toContain('web.1 | … 812 KB skipped — open the full log');
    expect(hub.stats).toMatchObject({ gaps: 2, bytesSkipped: 2048 + 812 * 1024 });
    expect(text.get('instance:web.1')).toContain('\x1b]8;;http://127.0.0.1:1/api/log/web.1?token=t\x07');
  });

  it('says when the buffer no longer holds the start of a stream it first sees', () => {
    const { hub, text } = setup();
    hub.setWanted(['web.1'], []);
    hub.onOutput(batch('web.1', 3 * 1024 * 1024, 'late\n'));
    expect(plain(text.get('instance:web.1'))).toContain('… 3.0 MB of earlier output is no longer buffered');
  });

  it('starts a scaled-away instance afresh when it comes back', () => {
    const { hub, text } = setup();
    hub.setWanted(['web.2'], []);
    hub.onOutput(batch('web.2', 0, 'first life\n'));
    hub.onEvent({ event: 'instance-removed', payload: { id: 'web.2' } });
    expect(text.has('instance:web.2')).toBe(false);
    hub.onOutput(batch('web.2', 0, 'second life\n'));
    expect(text.get('instance:web.2')).toBe('second life\n');
  });

  it('on a project change, subscribes afresh (the host dropped its cursors) and shows the new stream from its start', () => {
    const { hub, calls, text, flush, acks } = setup();
    hub.setWanted(['api.1'], ['api.1']);
    hub.onOutput(batch('api.1', 0, 'old project\n'));
    const before = calls.length;
    hub.onEvent({ event: 'snapshot', payload: snapshot('/p', '/p/Procfile.dev') });
    // The stale-cursor fix lives on the host (it drops every cursor on a switch): the page just subscribes again.
    expect(calls.slice(before).map((c) => [c.name, c.params])).toEqual([
      ['output.subscribe', { instances: ['api.1'] }],
    ]);
    expect(text.has('instance:api.1')).toBe(false);
    expect(text.get('merged')).toBe('');
    // The old project's writes finishing now are not acknowledged: that credit belonged to the old cursor.
    flush();
    expect(acks()).toEqual([]);
    hub.onOutput(batch('api.1', 0, 'new project\n'));
    expect(text.get('instance:api.1')).toBe('new project\n');
    expect(plain(text.get('merged'))).toBe('api.1 | new project\r\n');
  });

  it('after a reconnect, keeps streams the host still has and restarts those it lost', async () => {
    const readEnd = new Map([['web.1', 100]]);
    const { hub, text, named } = setup(readEnd);
    hub.setWanted(['web.1', 'web.2'], []);
    hub.onOutput(batch('web.1', 0, 'x'.repeat(100)));
    hub.onOutput(batch('web.2', 0, 'y'.repeat(50)));
    hub.onStatus({ kind: 'closed', reason: 'lost', retryAt: 1 });
    readEnd.set('web.2', 10); // a restarted host: web.2's stream is shorter than what we showed
    hub.onStatus({ kind: 'open', reconnected: true });
    await new Promise((r) => setTimeout(r, 0));
    expect(text.has('instance:web.1')).toBe(true);
    expect(text.has('instance:web.2')).toBe(false);
    expect(named('output.subscribe').at(-1)).toEqual({ instances: ['web.1', 'web.2'] });
  });

  it('ignores acks of writes from before a reconnect', () => {
    const { hub, flush, acks } = setup();
    hub.setWanted(['web.1'], []);
    hub.onOutput(batch('web.1', 0, 'abc'));
    hub.onStatus({ kind: 'open', reconnected: false });
    flush();
    expect(acks()).toEqual([]);
  });

  it('re-subscribes an instance the host did not know yet when it appears', async () => {
    const unknown = new Set(['web.3']);
    const { hub, named } = setup(undefined, unknown);
    hub.setWanted(['web.3'], []);
    await new Promise((r) => setTimeout(r, 0));
    unknown.clear();
    const instance: InstanceSnapshot = {
      id: 'web.3',
      type: 'web',
      index: 3,
      port: 5002,
      state: { kind: 'idle' },
      restarts: 0,
      crashes: [],
      escaped: [],
    };
    hub.onEvent({ event: 'instance', payload: instance });
    expect(named('output.subscribe')).toEqual([{ instances: ['web.3'] }, { instances: ['web.3'] }]);
  });
});

describe('OutputHub with timestamps', () => {
  const t0 = new Date(2024, 0, 31, 9, 5, 1, 7).getTime();

  it('an instance’s stamped terminal fills from a replay, ignoring bytes still in flight from before it', () => {
    const { hub, text, flush, acks, named } = setup();
    hub.setWanted(['web.1'], []);
    hub.onOutput(batch('web.1', 0, 'one\n', t0, true));
    hub.setTimestamps(new Set(['instance:web.1']));
    // A replay: unsubscribed and subscribed again.
    expect(named('output.unsubscribe')).toEqual([{ instances: ['web.1'] }]);
    expect(named('output.subscribe').at(-1)).toEqual({ instances: ['web.1'] });
    // In flight from the old cursor: the instance terminal shows it, the stamped one waits.
    hub.onOutput(batch('web.1', 4, 'two\n', t0 + 1));
    expect(text.has('stamped:web.1')).toBe(false);
    // The replay from the start: new to the stamped terminal only.
    hub.onOutput(batch('web.1', 0, 'one\ntwo\n', t0, true));
    hub.onOutput(batch('web.1', 8, 'three\n', t0 + 2000));
    expect(text.get('instance:web.1')).toBe('one\ntwo\nthree\n');
    expect(plain(text.get('stamped:web.1'))).toBe('09:05:01.007 one\r\n09:05:01.007 two\r\n09:05:03.007 three\r\n');
    flush();
    expect(acks().reduce<number>((sum, a) => sum + (a as { bytes: number }).bytes, 0)).toBe(4 + 4 + 8 + 6);
  });

  it('turning an instance’s timestamps off drops its stamped terminal and leaves its own untouched', () => {
    const { hub, text } = setup();
    hub.setWanted(['web.1'], []);
    hub.onOutput(batch('web.1', 0, 'one\n', t0, true));
    hub.setTimestamps(new Set(['instance:web.1']));
    hub.onOutput(batch('web.1', 0, 'one\n', t0, true));
    expect(text.has('stamped:web.1')).toBe(true);
    hub.setTimestamps(new Set());
    expect(text.has('stamped:web.1')).toBe(false);
    expect(text.get('instance:web.1')).toBe('one\n');
    hub.onOutput(batch('web.1', 4, 'two\n', t0));
    expect(text.has('stamped:web.1')).toBe(false);
  });

  it('the merged view shows arrival times from the batches, replays included', () => {
    const { hub, text } = setup();
    hub.setWanted(['web.1'], ['web.1']);
    hub.setTimestamps(new Set(['merged']));
    hub.onOutput(batch('web.1', 0, 'up\n', t0, true));
    // The (empty) lines so far written again after a RIS, then the new line with its time.
    expect(plain(text.get('merged'))).toBe('\x1bc09:05:01.007 web.1 | up\r\n');
  });

  it('a stamped terminal marks the host’s skip-ahead once its replay has begun', () => {
    const { hub, text } = setup();
    hub.setWanted(['web.1'], []);
    hub.setTimestamps(new Set(['instance:web.1']));
    hub.onGap({ instance: 'web.1', skipped: 2048, resumeAt: 5000 });
    expect(text.has('stamped:web.1')).toBe(false);
    hub.onOutput(batch('web.1', 5000, 'a\n', t0, true));
    hub.onGap({ instance: 'web.1', skipped: 4096, resumeAt: 9100 });
    expect(plain(text.get('stamped:web.1'))).toContain('… 4 KB skipped');
  });
});
