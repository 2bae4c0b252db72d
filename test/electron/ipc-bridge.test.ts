import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
/**
 * The IPC bridge: one handler on the call channel serves every contract call for the
 * window that sent it; foreign senders, malformed, oversized and unknown messages are
 * refused with typed errors and main keeps answering. Real ProjectHosts and processes
 * behind fake Electron objects.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  CallName,
  CallParams,
  CallResult,
  EventMessage,
  NotificationName,
  NotificationParams,
} from '../../shared/contract';
import { CALL_SCHEMAS, NOTIFICATION_SCHEMAS } from '../../electron/host/contract/call-schemas';
import { APP_SOURCE } from '../../electron/main/app-origin';
import { gateCall, measurePayload } from '../../electron/main/call-gate';
import { registerCallHandler, registerNotificationHandler } from '../../electron/main/ipc-bridge';
import type { EditorSetting } from '../../shared/editor-choice';
import type { InstanceEnvironment } from '../../shared/environment';
import { createHarness, FakeIpcMain, fixture, fromWindow, until, type FakeWindow, type Harness } from './fakes';

const project = fixture('formation');

/** One valid call of every kind; the type makes a new contract call a compile error here until it is covered. */
const EVERY_CALL: { [K in CallName]: CallParams<K> } = {
  'app.info': {},
  'app.recentProjects': {},
  'app.pickFolder': {},
  'project.open': { dir: project },
  'project.selectProcfile': { procfile: 'Procfile' },
  'project.reload': {},
  'project.snapshot': {},
  'process.start': { target: { scope: 'type', type: 'web' } },
  'process.stop': { target: { scope: 'instance', instance: 'worker.1' } },
  'process.restart': { target: { scope: 'instance', instance: 'web.1' } },
  'process.signal': { instance: 'web.1', signal: 'SIGUSR2' },
  'type.scale': { type: 'worker', count: 2 },
  'type.setPolicy': { type: 'web', policy: 'restart' },
  'output.subscribe': { instances: ['web.1'] },
  'output.unsubscribe': { instances: ['web.1'] },
  'output.read': { instance: 'web.1' },
  'output.logHandle': { instance: 'web.1' },
  // timestamps (issue 13)
  'output.range': { instances: ['web.1'], from: 0, to: 1 },
  'output.saveRange': { kind: 'selection', view: 'web.1', text: 'x' },
  'formation.export': { format: 'systemd' },
  'formation.exportToFolder': { format: 'systemd' },
  'link.open': { url: 'https://example.com/' },
  // envview (issue 13)
  'instance.environment': { instance: 'web.1' },
  'editor.open': { path: 'Procfile', line: 1 },
  // workbench (issue 13)
  'log.open': { instance: 'web.1' },
  'editor.setting': {},
  'editor.choose': { command: null },
  'search.start': { text: 'ECONNREFUSED', regex: false, caseSensitive: false },
  'search.cancel': { search: 1 },
  'search.readLog': { instance: 'web.1', stream: 'pty', offset: 0 },
  'ports.holder': { instance: 'web.1' },
  'ports.stopHolder': { instance: 'web.1', pid: 12345 },
  'ports.offer': {},
  'ports.moveBase': { basePort: 6000 },
};

/** One valid notification of every kind, the same way. */
const EVERY_NOTIFICATION: { [K in NotificationName]: NotificationParams<K> } = {
  'output.ack': { instance: 'web.1', bytes: 10 },
  'instance.input': { instance: 'web.1', data: 'x' },
  'instance.resize': { instance: 'web.1', cols: 100, rows: 30 },
};

let h: Harness;
let win: FakeWindow;

beforeEach(async () => {
  h = createHarness();
  await h.shell.openProject({ dir: project });
  win = h.windowOf(project);
  win.webContents.load();
});

afterEach(async () => {
  await h.dispose();
});

const result = (value: unknown) => value as CallResult<unknown>;

describe('the call handler', () => {
  it('is registered once, on the contract call channel (and the preload’s drop hand-over on its own)', () => {
    expect([...h.ipc.handlers.keys()]).toEqual(['procdeck:call', 'procdeck:drop']);
    expect([...h.ipc.listeners.entries()].map(([channel, listeners]) => [channel, listeners.length])).toEqual([
      ['procdeck:notify', 1],
    ]);
  });

  it('serves every call of the contract for the sending window', async () => {
    expect(Object.keys(EVERY_CALL).sort()).toEqual(Object.keys(CALL_SCHEMAS).sort());
    for (const [name, params] of Object.entries(EVERY_CALL)) {
      const answer = result(await h.call(win, name, params));
      if (!answer.ok)
        expect(['unknown-call', 'invalid-request'], `${name}: ${answer.error.message}`).not.toContain(
          answer.error.code,
        );
    }
    const info = result(await h.call(win, 'app.info', {}));
    expect(info).toEqual({
      ok: true,
      value: {
        kind: 'electron',
        version: '0.0.0-test',
        canPickFolder: true,
        canSaveToFolder: true,
        canSaveFile: true,
        platform: 'linux',
      },
    });
  });

  it('pushes the snapshot first, then the window’s own events, through the event channel', async () => {
    const first = win.webContents.sent[0];
    expect(first?.event).toBe('snapshot');
    expect(first?.event === 'snapshot' && first.payload?.dir).toBe(project);
    await h.call(win, 'type.scale', { type: 'worker', count: 2 });
    await until(() =>
      win.webContents.sent.some(
        (m) => m.event === 'instance' && m.payload.id === 'worker.2' && m.payload.state.kind === 'ready',
      ),
    );
    expect(win.webContents.otherSends).toEqual([]);
  });

  it('keeps two projects apart: events and calls reach only their own window', async () => {
    const other = fixture('crasher');
    await h.shell.openProject({ dir: other });
    const otherWin = h.windowOf(other);
    otherWin.webContents.load();
    await h.call(win, 'type.scale', { type: 'worker', count: 3 });
    await until(() => win.webContents.sent.some((m) => m.event === 'instance' && m.payload.id === 'worker.3'));
    const leaked = otherWin.webContents.sent.filter(
      (m: EventMessage) => m.event === 'instance' && m.payload.id.startsWith('worker'),
    );
    expect(leaked).toEqual([]);
    const snapshot = result(await h.call(otherWin, 'project.snapshot', {}));
    expect(snapshot.ok && (snapshot.value as { dir: string }).dir).toBe(other);
  });
});

describe('the notification listener', () => {
  /** web.1's output as the window's page received it (a PTY echoes what is typed). */
  const outputOf = (w: FakeWindow) =>
    Buffer.concat(
      w.webContents.sent.flatMap((m) =>
        m.event === 'output' && m.payload.instance === 'web.1' ? [Buffer.from(m.payload.data)] : [],
      ),
    ).toString();
  /** Keystrokes reach only a running process: wait for web.1 to run, and watch its output. */
  const ready = async (w: FakeWindow) => {
    await until(
      () =>
        w.webContents.sent.some(
          (m) => m.event === 'instance' && m.payload.id === 'web.1' && m.payload.state.kind === 'ready',
        ),
      8000,
      'web.1 running',
    );
    expect(result(await h.call(w, 'output.subscribe', { instances: ['web.1'] })).ok).toBe(true);
  };
  const typedLine = async (w: FakeWindow, marker: string) => {
    h.notify(w, 'instance.input', { instance: 'web.1', data: `${marker}\r` });
    await until(() => outputOf(w).includes(marker), 8000, `${marker} in the output`);
  };

  it('carries every notification of the contract to the sending window, and answers nothing', async () => {
    expect(Object.keys(EVERY_NOTIFICATION).sort()).toEqual(Object.keys(NOTIFICATION_SCHEMAS).sort());
    await ready(win);
    for (const [name, params] of Object.entries(EVERY_NOTIFICATION))
      expect(h.notify(win, name, params)).toBeUndefined();
    await typedLine(win, 'typed-through-ipc');
  });

  it.each([
    [
      'an unknown webContents',
      (w: FakeWindow) => ({
        sender: { id: w.webContents.id + 10_000 },
        senderFrame: { url: APP_SOURCE.url, parent: null },
      }),
    ],
    [
      'a subframe of our window',
      (w: FakeWindow) => ({ sender: { id: w.webContents.id }, senderFrame: { url: APP_SOURCE.url, parent: {} } }),
    ],
    ['a foreign page in our window', (w: FakeWindow) => fromWindow(w, 'https://evil.example/')],
    ['a frame that is gone', (w: FakeWindow) => ({ sender: { id: w.webContents.id }, senderFrame: null })],
  ])('drops keystrokes from %s', async (_what, event) => {
    await ready(win);
    h.ipc.send('procdeck:notify', event(win), 'instance.input', { instance: 'web.1', data: 'foreign-keys\r' });
    h.ipc.send('procdeck:notify', fromWindow(win), 'instance.input', {
      instance: 'web.1',
      data: 'x'.repeat(50 * 1024 * 1024),
    });
    h.ipc.send('procdeck:notify', fromWindow(win), 'instance.input', 'not params', 'extra');
    // Whatever came first is in the output by the time a later line's echo is.
    await typedLine(win, 'own-keys');
    expect(outputOf(win)).not.toContain('foreign-keys');
    expect(outputOf(win)).not.toContain('xxxxxxxxxx');
  });

  it('never throws into Electron, even when the router fails', () => {
    const ipc = new FakeIpcMain();
    registerNotificationHandler(ipc, {
      gate: (event, args) => gateCall(event, args, { source: APP_SOURCE, isOurWindow: () => true }),
      route: () => {
        throw new Error('boom');
      },
    });
    expect(() =>
      ipc.send('procdeck:notify', fromWindow(win), 'output.ack', { instance: 'web.1', bytes: 1 }),
    ).not.toThrow();
  });
});

describe('refused calls', () => {
  const refusedCode = async (call: () => Promise<unknown>) => {
    const answer = result(await call());
    expect(answer.ok).toBe(false);
    return answer.ok ? null : answer.error.code;
  };

  it.each([
    [
      'an unknown webContents',
      (w: FakeWindow) => ({
        sender: { id: w.webContents.id + 10_000 },
        senderFrame: { url: APP_SOURCE.url, parent: null },
      }),
    ],
    [
      'a subframe of our window',
      (w: FakeWindow) => ({ sender: { id: w.webContents.id }, senderFrame: { url: APP_SOURCE.url, parent: {} } }),
    ],
    ['a foreign page in our window', (w: FakeWindow) => fromWindow(w, 'https://evil.example/')],
    ['a look-alike origin', (w: FakeWindow) => fromWindow(w, 'app://procdeck.evil.example/index.html')],
    ['a file:// page', (w: FakeWindow) => fromWindow(w, 'file:///tmp/x.html')],
    ['a frame that is gone', (w: FakeWindow) => ({ sender: { id: w.webContents.id }, senderFrame: null })],
  ])('from %s', async (_what, event) => {
    expect(await refusedCode(() => h.ipc.invoke(event(win), 'type.scale', { type: 'worker', count: 5 }))).toBe(
      'invalid-request',
    );
    const snapshot = result(await h.call(win, 'project.snapshot', {}));
    expect(
      snapshot.ok &&
        (snapshot.value as { types: { name: string; scale: number }[] }).types.find((t) => t.name === 'worker')?.scale,
    ).toBe(1);
  });

  it('from a window that has closed', async () => {
    const event = fromWindow(win);
    win.close();
    await until(() => win.isDestroyed());
    expect(await refusedCode(() => h.ipc.invoke(event, 'app.info', {}))).toBe('invalid-request');
  });

  it.each([
    ['an unknown call', 'process.exec', { command: 'rm -rf ~' }, 'unknown-call'],
    [
      'a command smuggled into a known call',
      'process.start',
      { target: { scope: 'all' }, command: 'rm -rf ~' },
      'invalid-request',
    ],
    ['a wrong type', 'type.scale', { type: 'worker', count: '5' }, 'invalid-request'],
    ['a scale out of range', 'type.scale', { type: 'worker', count: 1e9 }, 'invalid-request'],
    ['a bad instance id', 'process.stop', { target: { scope: 'instance', instance: '../web.1' } }, 'invalid-request'],
    [
      'a __proto__ key',
      'type.scale',
      JSON.parse('{"type":"worker","count":1,"__proto__":{"polluted":true}}'),
      'invalid-request',
    ],
    ['a constructor key', 'app.info', { constructor: { prototype: {} } }, 'invalid-request'],
    ['a 50 MB string', 'instance.input', { instance: 'web.1', data: 'x'.repeat(50 * 1024 * 1024) }, 'invalid-request'],
    ['a huge array', 'output.subscribe', { instances: new Array(1_000_000).fill('web.1') }, 'invalid-request'],
    ['deep nesting', 'app.info', JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`), 'invalid-request'],
    ['a Map', 'app.info', new Map([['a', 1]]), 'invalid-request'],
    ['a Date', 'app.info', new Date(), 'invalid-request'],
    ['null parameters for a call that needs some', 'type.scale', null, 'invalid-request'],
    ['a relative folder', 'project.open', { dir: 'etc' }, 'invalid-request'],
    [
      'a Procfile path instead of a name',
      'project.open',
      { dir: project, procfile: '../../etc/passwd' },
      'invalid-request',
    ],
    ['a javascript: link', 'link.open', { url: 'javascript:alert(1)' }, 'invalid-request'],
    ['a file: link', 'link.open', { url: 'file:///etc/passwd' }, 'invalid-request'],
  ])('%s', async (_what, name, params, code) => {
    expect(await refusedCode(() => h.call(win, name, params))).toBe(code);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['no arguments', []],
    ['a name only', ['app.info']],
    ['an extra argument', ['app.info', {}, 'extra']],
    ['a non-string name', [42, {}]],
    ['an over-long name', ['x'.repeat(1000), {}]],
  ])('with %s', async (_what, args) => {
    expect(await refusedCode(() => h.ipc.invoke(fromWindow(win), ...args))).toBe('invalid-request');
  });

  it('keeps main answering after a storm of bad messages', async () => {
    const junk: unknown[][] = [
      [],
      [null, null],
      [{}, {}],
      ['type.scale', { type: 1 }],
      ['💥', '💥'],
      [undefined, undefined],
    ];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) => h.ipc.invoke(fromWindow(win), ...(junk[i % junk.length] ?? []))),
    );
    expect(result(await h.call(win, 'app.info', {})).ok).toBe(true);
  });

  it('answers a typed error, never a rejection, when the router itself fails', async () => {
    const ipc = new FakeIpcMain();
    registerCallHandler(ipc, {
      gate: (event, args) => gateCall(event, args, { source: APP_SOURCE, isOurWindow: () => true }),
      route: () => Promise.reject(new Error('boom')),
    });
    expect(await ipc.invoke(fromWindow(win), 'app.info', {})).toEqual({
      ok: false,
      error: { code: 'failed', message: 'boom' },
    });
  });

  it('opens a link only right after a user click in that window', async () => {
    expect(await refusedCode(() => h.call(win, 'link.open', { url: 'https://example.com/' }))).toBe('failed');
    win.webContents.emit('before-mouse-event', {}, { type: 'mouseUp', button: 'left' });
    expect(result(await h.call(win, 'link.open', { url: 'https://example.com/' })).ok).toBe(true);
    // One click, one link.
    expect(await refusedCode(() => h.call(win, 'link.open', { url: 'https://example.com/again' }))).toBe('failed');
    expect(h.opened).toEqual(['https://example.com/']);
  });
});

describe('the desktop host services', () => {
  const refusedCode = async (call: () => Promise<unknown>) => {
    const answer = result(await call());
    expect(answer.ok).toBe(false);
    return answer.ok ? null : answer.error.code;
  };

  it('opens a path:line from the output in the editor only right after a click, inside the project only', async () => {
    const file = join(project, 'Procfile');
    expect(await refusedCode(() => h.call(win, 'editor.open', { path: file, line: 2 }))).toBe('failed');
    win.webContents.emit('before-mouse-event', {}, { type: 'mouseUp', button: 'left' });
    expect(result(await h.call(win, 'editor.open', { path: file, line: 2, column: 5 })).ok).toBe(true);
    win.webContents.emit('before-mouse-event', {}, { type: 'mouseUp', button: 'left' });
    expect(await refusedCode(() => h.call(win, 'editor.open', { path: '/etc/passwd', line: 1 }))).toBe('refused');
    expect(h.edited).toEqual([`${process.env.VISUAL?.trim() || process.env.EDITOR?.trim() || '(none)'} ${file}:2:5`]);
  });

  it("opens an instance's full log in the default viewer only right after a click; the path never crosses", async () => {
    await h.dispose();
    const logRoot = mkdtempSync(join(tmpdir(), 'procdeck-shell-logs-'));
    try {
      h = createHarness({ logRoot });
      await h.shell.openProject({ dir: project });
      win = h.windowOf(project);
      win.webContents.load();
      await until(() => readdirSync(logRoot, { recursive: true }).some((f) => String(f).endsWith('web.1.log')));
      expect(await refusedCode(() => h.call(win, 'log.open', { instance: 'web.1' }))).toBe('failed');
      win.webContents.emit('before-mouse-event', {}, { type: 'mouseUp', button: 'left' });
      const opened = result(await h.call(win, 'log.open', { instance: 'web.1' }));
      expect(opened).toEqual({ ok: true, value: null });
      expect(h.opened).toEqual([expect.stringMatching(new RegExp(`^file ${logRoot}/.+/web\\.1\\.log$`))]);
      win.webContents.emit('before-mouse-event', {}, { type: 'mouseUp', button: 'left' });
      expect(await refusedCode(() => h.call(win, 'log.open', { instance: 'web.9' }))).toBe('not-found');
    } finally {
      await h.dispose();
      rmSync(logRoot, { recursive: true, force: true });
      h = createHarness();
    }
  });

  it('opens file links in the editor chosen in the app, remembered in the user data folder, over $VISUAL/$EDITOR', async () => {
    const chosen = result(await h.call(win, 'editor.choose', { command: '/opt/My Editor/bin/ed' }));
    expect(chosen.ok && (chosen.value as EditorSetting).effective).toEqual({
      command: '/opt/My Editor/bin/ed',
      source: 'chosen',
    });
    expect(await refusedCode(() => h.call(win, 'editor.choose', { command: 'code --wait; rm -rf ~' }))).toBe(
      'invalid-request',
    );
    const file = join(project, 'Procfile');
    win.webContents.emit('before-mouse-event', {}, { type: 'mouseUp', button: 'left' });
    expect(result(await h.call(win, 'editor.open', { path: file, line: 2 })).ok).toBe(true);
    expect(h.edited).toEqual([`"/opt/My Editor/bin/ed" ${file}:2:`]);
    expect(JSON.parse(readFileSync(join(h.appData, 'state', 'editor.json'), 'utf8'))).toEqual({
      version: 1,
      command: '/opt/My Editor/bin/ed',
    });
  });

  it("names the login shell as the origin of the environment once the login shell's arrived", async () => {
    await h.dispose();
    h = createHarness({
      environment: Promise.resolve({
        env: { ...process.env, FROM_SHELL: 'yes' } as Record<string, string>,
        notice: null,
      }),
    });
    await h.shell.openProject({ dir: project });
    win = h.windowOf(project);
    win.webContents.load();
    // The environment a run started with exists once web.1 has spawned.
    let answer = result(await h.call(win, 'instance.environment', { instance: 'web.1' }));
    for (const deadline = Date.now() + 10_000; !answer.ok && Date.now() < deadline;) {
      await new Promise((r) => setTimeout(r, 25));
      answer = result(await h.call(win, 'instance.environment', { instance: 'web.1' }));
    }
    if (!answer.ok) throw new Error(`no environment for web.1: ${answer.error.message}`);
    const instance = answer.value as InstanceEnvironment;
    const variable = instance.variables.find((v) => v.name === 'FROM_SHELL');
    expect(variable?.origin).toEqual({ kind: 'environment', source: 'login-shell' });
  });
});

describe('the payload measure', () => {
  it('stops early and accepts ordinary calls', () => {
    expect(measurePayload({ target: { scope: 'instance', instance: 'web.1' } }, 1024).ok).toBe(true);
    expect(measurePayload({ data: 'é'.repeat(200_000) }, 256 * 1024).ok).toBe(false);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(measurePayload(cyclic, 1024)).toEqual({ ok: false, reason: 'a cycle' });
    expect(measurePayload(new Uint8Array(4), 1024).ok).toBe(false);
    expect(measurePayload(() => 1, 1024).ok).toBe(false);
  });
});
