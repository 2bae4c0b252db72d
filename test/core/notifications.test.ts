/**
 * One-way notifications (acks, keystrokes, resizes): the host carries them out and answers
 * nothing on the wire; malformed ones change nothing. Real processes on pipes, and a real
 * `procdeck serve` for the WebSocket half.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import type { HostClient, ProjectHost } from '../../electron/host/project-host';
import { decodeOutputFrame } from '../../shared/wire';
import { contractClient, startServe, type ContractClient, type Serve } from '../reliability/web-support';
import { testHost } from '../support/host';
import { waiter } from '../support/wait';

const dirs: string[] = [];
function project(procfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-notify-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'Procfile'), procfile);
  return dir;
}
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('ProjectHost.notify', () => {
  let host: ProjectHost;
  const sent: EventMessage[] = [];
  const changes = waiter(() => `output so far: ${JSON.stringify(output())}`);
  const client: HostClient = {
    send(message) {
      sent.push(message);
      changes.changed();
    },
  };
  const output = () =>
    Buffer.concat(sent.flatMap((m) => (m.event === 'output' ? [Buffer.from(m.payload.data)] : []))).toString();

  beforeAll(async () => {
    host = testHost();
    host.attach(client);
    await host.openProject(project('echo: exec cat\n'));
    // Keystrokes reach only a running process.
    await changes.until(
      () =>
        sent.some((m) => m.event === 'instance' && m.payload.id === 'echo.1' && m.payload.state.kind === 'ready')
          ? true
          : undefined,
      'echo.1 running',
    );
    expect(await host.dispatch(client, 'output.subscribe', { instances: ['echo.1'] })).toEqual({
      ok: true,
      value: null,
    });
  });
  afterEach(() => {
    sent.length = 0;
  });
  afterAll(async () => {
    await host.close();
  });

  it('writes keystrokes to the instance, in order', async () => {
    for (const data of ['one ', 'two ', 'three\n'])
      expect(host.notify(client, 'instance.input', { instance: 'echo.1', data })).toEqual({ ok: true, value: null });
    await changes.until(() => (output().includes('three') ? true : undefined), 'the echo of the input');
    expect(output()).toBe('one two three\n');
  });

  it('takes acknowledgements and resizes of instances that exist', () => {
    expect(host.notify(client, 'output.ack', { instance: 'echo.1', bytes: 10 })).toEqual({ ok: true, value: null });
    expect(host.notify(client, 'instance.resize', { instance: 'echo.1', cols: 100, rows: 30 })).toEqual({
      ok: true,
      value: null,
    });
  });

  it.each([
    ['an unknown notification', 'process.spawn', { command: 'sh' }, 'unknown-call'],
    ['a call sent as a notification', 'process.stop', { target: { scope: 'all' } }, 'unknown-call'],
    ['a name that is not a string', 42, {}, 'unknown-call'],
    ['a 50 MB string', 'instance.input', { instance: 'echo.1', data: 'x'.repeat(50 * 1024 * 1024) }, 'invalid-request'],
    ['a command where an id belongs', 'instance.input', { instance: 'rm -rf ~', data: 'x' }, 'invalid-request'],
    ['an extra key', 'instance.input', { instance: 'echo.1', data: 'x', command: 'sh' }, 'invalid-request'],
    ['a wrong type', 'instance.resize', { instance: 'echo.1', cols: '80', rows: 24 }, 'invalid-request'],
    ['a negative ack', 'output.ack', { instance: 'echo.1', bytes: -1 }, 'invalid-request'],
    [
      'a __proto__ key',
      'output.ack',
      JSON.parse('{"instance":"echo.1","bytes":1,"__proto__":{"polluted":true}}'),
      'invalid-request',
    ],
    ['input for an instance that does not exist', 'instance.input', { instance: 'ghost.1', data: 'x' }, 'not-found'],
  ])('refuses %s with a typed outcome, and the instance gets nothing', async (_what, name, params, code) => {
    const outcome = host.notify(client, name, params);
    expect(outcome.ok === false && outcome.error.code).toBe(code);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // What a refused notification would have written is absent once a later one has arrived.
    host.notify(client, 'instance.input', { instance: 'echo.1', data: 'after\n' });
    await changes.until(() => (output().includes('after') ? true : undefined), 'the echo of the later input');
    expect(output()).toBe('after\n');
  });

  it('is not a call: a notification name sent as a call is unknown', async () => {
    const answer = await host.dispatch(client, 'instance.input', { instance: 'echo.1', data: 'x' });
    expect(answer.ok === false && answer.error.code).toBe('unknown-call');
  });
});

describe('notifications over the WebSocket of procdeck serve', () => {
  let serve: Serve;
  let client: ContractClient;
  const output: Buffer[] = [];
  const text = () => Buffer.concat(output).toString();
  const changes = waiter(() => `output so far: ${JSON.stringify(text())}`);

  beforeAll(async () => {
    serve = await startServe([project('echo: exec cat\n'), '--pipes']);
    client = await contractClient(serve);
    client.socket.on('message', (data, binary) => {
      const batch = binary ? decodeOutputFrame(new Uint8Array(data as Buffer).slice().buffer) : null;
      if (batch) output.push(Buffer.from(batch.data));
      changes.changed();
    });
    // Keystrokes reach only a running process.
    await changes.until(() => (runningIn(client.events) ? true : undefined), 'echo.1 running');
    expect(await client.call('output.subscribe', { instances: ['echo.1'] })).toEqual({ ok: true, value: null });
  });
  afterAll(async () => {
    client.close();
    await serve.stop();
  });

  it('carries keystrokes, acks and resizes to the host and is never answered', async () => {
    const repliesBefore = client.replies.length;
    client.notify('instance.input', { instance: 'echo.1', data: 'typed-on-the-socket\n' });
    client.notify('output.ack', { instance: 'echo.1', bytes: 5 });
    client.notify('instance.resize', { instance: 'echo.1', cols: 90, rows: 20 });
    // Malformed or unknown: dropped without a word.
    client.notify('instance.input', { instance: 'echo.1', data: 5 });
    client.notify('process.spawn', { command: 'sh' });
    client.socket.send(JSON.stringify({ notify: 'instance.input' }));
    await changes.until(
      () => (text().includes('typed-on-the-socket') ? true : undefined),
      'the typed line in the output',
    );
    expect(text()).toBe('typed-on-the-socket\n');
    // The host keeps answering calls: exactly one reply for the one call made, none for the six notifications.
    expect(await client.call('project.snapshot', {})).toMatchObject({ ok: true });
    expect(client.replies.length - repliesBefore).toBe(1);
  });
});

/** True when the latest word on echo.1 (a snapshot or an instance event) is that it runs. */
function runningIn(events: readonly EventMessage[]): boolean {
  for (const m of [...events].reverse()) {
    if (m.event === 'instance' && m.payload.id === 'echo.1') return m.payload.state.kind === 'ready';
    if (m.event === 'snapshot')
      return m.payload?.instances.some((i) => i.id === 'echo.1' && i.state.kind === 'ready') === true;
  }
  return false;
}
