/**
 * Issue 15: what the desktop app does where Electron behaves as FAKES.md says — each test
 * here failed against the shell before its fix, with the fakes telling the truth.
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, fixture, until, type FakeWindow, type Harness } from './fakes';

let h: Harness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const stateOf = (win: FakeWindow, id: string) => {
  let state: string | null = null;
  for (const m of win.contents.sent) {
    if (m.event === 'snapshot') state = m.payload?.instances.find((i) => i.id === id)?.state.kind ?? null;
    if (m.event === 'instance' && m.payload.id === id) state = m.payload.state.kind;
  }
  return state;
};

describe('1. a window that closes (Electron destroys it before "closed")', () => {
  it('leaves the registry without an error, and on macOS a Dock click and File › Open Folder open a window again', async () => {
    h = createHarness({ platform: 'darwin' });
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    win.focused = true;
    win.webContents.load();
    await until(() => stateOf(win, 'web.1') === 'ready');
    win.close();
    await win.closed();
    expect(h.shell.all()).toEqual([]);
    expect(h.errors).toEqual([]);
    // macOS keeps the app running without windows: the Dock icon brings a window back.
    h.app.activate();
    expect(h.windows).toHaveLength(2);
    expect(h.shell.all()).toHaveLength(1);
    h.dialogs.folders.push(fixture('crasher'));
    h.shell.menuActions().openFolder();
    await until(() => h!.shell.byDir(fixture('crasher')) !== null, 5000, 'the picked folder to open');
  });
});

describe('2. a folder dropped on the window', () => {
  it('opens at once when the page hands it over (the preload resolved the dropped File)', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    expect(await h.drop(win, [fixture('crasher')])).toEqual({ ok: true, value: null });
    await until(() => h!.shell.byDir(fixture('crasher')) !== null, 5000, 'the dropped folder to open');
    expect(h.dialogs.openQuestions).toEqual([]);
  });

  it.each([
    ['not a list', 'x'],
    ['an empty list', []],
    ['a relative path', ['crasher']],
    ['a path with a NUL', ['/tmp/\0x']],
    ['too many paths', Array.from({ length: 17 }, (_, i) => `/tmp/p${i}`)],
    ['something else', [{ path: '/tmp' }]],
  ])('refuses a hand-over that is %s', async (_what, paths) => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const answer = (await h.drop(h.windowOf(fixture('formation')), paths)) as { ok: boolean; error?: { code: string } };
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(h.shell.all()).toHaveLength(1);
  });

  it('opens after a question naming the folder and its commands when Chromium turns the drop into a new tab (window-open handler)', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    h.dialogs.openAnswer = true;
    win.webContents.dropFile(fixture('crasher'));
    await until(() => h!.shell.byDir(fixture('crasher')) !== null, 5000, 'the dropped folder to open');
    expect(win.contents.popups).toEqual([]);
    const [question] = h.dialogs.openQuestions;
    expect(question?.title).toBe(`Open ${fixture('crasher')} and run its processes?`);
    expect(question?.detail).toContain('web: echo "web up"; exec sleep 1000');
    expect(question?.detail).toContain('bad: echo "about to fail"; sleep 0.3; exit 3');
  });

  it('stays shut when the answer is no (window.open("file:///…") from the page looks the same)', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    win.webContents.requestWindow(`file://${fixture('crasher')}`, 'foreground-tab');
    await until(() => h!.dialogs.openQuestions.length === 1, 5000, 'the question');
    await new Promise((r) => setTimeout(r, 50));
    expect(h.shell.byDir(fixture('crasher'))).toBeNull();
    expect(h.windows).toHaveLength(1);
  });
});

describe('project.open from the page (issue 9 §2: opening a project is a capability)', () => {
  const open = (harness: Harness, win: FakeWindow, dir: string) =>
    harness.call(win, 'project.open', { dir }) as Promise<{ ok: boolean; error?: { code: string; message: string } }>;

  it('asks before opening a folder typed into the page, and refuses it when the user says no', async () => {
    h = createHarness();
    const pw = h.shell.openWelcome()!;
    const welcome = h.windows.find((w) => w === pw.window)!;
    const answer = await open(h, welcome, fixture('crasher'));
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(answer.error?.message).toMatch(/was not chosen in Procdeck, and opening it was not confirmed/);
    expect(h.dialogs.openQuestions.map((q) => q.title)).toEqual([`Open ${fixture('crasher')} and run its processes?`]);
    expect(h.shell.all()[0]?.dir).toBeNull();
  });

  it('opens a typed folder once the user confirms, and does not ask about it again', async () => {
    h = createHarness();
    const pw = h.shell.openWelcome()!;
    const welcome = h.windows.find((w) => w === pw.window)!;
    h.dialogs.openAnswer = true;
    expect((await open(h, welcome, fixture('crasher'))).ok).toBe(true);
    expect(h.shell.all()[0]?.dir).toBe(fixture('crasher'));
    expect((await open(h, welcome, fixture('crasher'))).ok).toBe(true);
    expect(h.dialogs.openQuestions).toHaveLength(1);
  });

  it('opens without a question what the user chose: the page’s folder dialog, the command line, a second launch', async () => {
    h = createHarness();
    const pw = h.shell.openWelcome()!;
    const welcome = h.windows.find((w) => w === pw.window)!;
    h.dialogs.folders.push(fixture('variants'));
    const picked = (await h.call(welcome, 'app.pickFolder', {})) as { ok: boolean; value: string | null };
    expect(picked.value).toBe(fixture('variants'));
    expect((await open(h, welcome, fixture('variants'))).ok).toBe(true);

    h.shell.openPaths([fixture('formation')], '/', false);
    await until(() => h!.shell.byDir(fixture('formation')) !== null, 5000, 'the command line’s folder');
    h.app.secondInstance(['procdeck', 'crasher'], FIXTURES_DIR, { cwd: FIXTURES_DIR, paths: ['crasher'] });
    await until(() => h!.shell.byDir(fixture('crasher')) !== null, 5000, 'the second launch’s folder');
    expect(h.dialogs.openQuestions).toEqual([]);
  });

  it('opens a folder of the recent list without a question (the user opened it before), after a restart', async () => {
    const appData = mkdtempSync(join(tmpdir(), 'procdeck-recent-'));
    try {
      const first = createHarness({ appData });
      await first.shell.openProject({ dir: fixture('crasher') });
      await first.dispose();
      h = createHarness({ appData });
      const pw = h.shell.openWelcome()!;
      const welcome = h.windows.find((w) => w === pw.window)!;
      expect((await open(h, welcome, fixture('crasher'))).ok).toBe(true);
      expect(h.dialogs.openQuestions).toEqual([]);
    } finally {
      rmSync(appData, { recursive: true, force: true });
    }
  });

  it('checks by real path: a symlink to a granted folder is granted; a symlink elsewhere is asked about', async () => {
    const links = mkdtempSync(join(tmpdir(), 'procdeck-links-'));
    try {
      symlinkSync(fixture('formation'), join(links, 'granted'));
      symlinkSync(fixture('crasher'), join(links, 'other'));
      h = createHarness();
      await h.shell.openProject({ dir: fixture('formation') });
      const pw = h.shell.openWelcome()!;
      const welcome = h.windows.find((w) => w === pw.window)!;
      // The granted folder under another name: already open in its own window, no question.
      const viaLink = await open(h, welcome, join(links, 'granted'));
      expect(viaLink.error?.message ?? '').not.toMatch(/not confirmed/);
      expect(await open(h, welcome, join(links, 'other', '..', 'other'))).toMatchObject({
        ok: false,
        error: { code: 'invalid-request' },
      });
      expect(h.dialogs.openQuestions).toHaveLength(1);
    } finally {
      rmSync(links, { recursive: true, force: true });
    }
  });
});

const FIXTURES_DIR = fixture('');

describe('6. a window asked for while quitting', () => {
  it('is refused, so the quit is not cancelled by its close: the app exits', async () => {
    h = createHarness({ graceMs: 1500 });
    await h.shell.openProject({ dir: fixture('stubborn') });
    const win = h.windowOf(fixture('stubborn'));
    win.webContents.load();
    await until(() => stateOf(win, 'stubborn.1') === 'ready', 10_000, 'stubborn.1 running');
    h.app.quit();
    await until(() => h!.shell.quitter.state === 'stopping', 5000, 'the quit to start stopping');
    // A second launch, a Finder open and a Dock click while the formation stops.
    h.app.secondInstance(['procdeck', fixture('crasher')], '/', { cwd: '/', paths: [fixture('crasher')] });
    h.app.openFile(fixture('formation'));
    h.app.activate();
    await until(() => h!.app.exited, 15_000, 'the app to exit');
    expect(h.windows).toHaveLength(1);
    expect(h.warnings.filter((w) => /Procdeck is quitting/.test(w)).length).toBeGreaterThanOrEqual(2);
  });
});

describe('7. folders handed over before the app is ready', () => {
  it('are queued and opened once the shell exists (second-instance and open-file)', async () => {
    h = createHarness({ deferStart: true });
    h.app.secondInstance(['procdeck', fixture('formation')], '/', { cwd: '/', paths: [fixture('formation')] });
    const event = h.app.openFile(fixture('crasher'));
    expect(event.defaultPrevented).toBe(true);
    expect(h.windows).toEqual([]);
    h.appEvents.ready(h.shell);
    await until(
      () => h!.shell.byDir(fixture('formation')) !== null && h!.shell.byDir(fixture('crasher')) !== null,
      5000,
      'both folders to open',
    );
  });
});

describe('8. the login shell’s environment', () => {
  const pidOf = (win: FakeWindow, id: string) => {
    let pid: number | null = null;
    for (const m of win.contents.sent) {
      if (m.event === 'instance' && m.payload.id === id && 'pid' in m.payload.state) pid = m.payload.state.pid;
      if (m.event === 'snapshot')
        for (const i of m.payload?.instances ?? []) if (i.id === id && 'pid' in i.state) pid = i.state.pid;
    }
    return pid;
  };

  it('does not hold the window: it shows at once, and the formation starts with the environment once it arrives', async () => {
    let arrive: (outcome: { env: Record<string, string>; notice: null }) => void = () => undefined;
    const environment = new Promise<{ env: Record<string, string>; notice: null }>((resolve) => (arrive = resolve));
    h = createHarness({ environment });
    const opening = h.shell.openProject({ dir: fixture('formation') });
    expect(h.windows).toHaveLength(1);
    const win = h.windows[0]!;
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
    win.webContents.load();
    await new Promise((r) => setTimeout(r, 300));
    expect(pidOf(win, 'web.1')).toBeNull();
    arrive({ env: { ...(process.env as Record<string, string>), PROCDECK_FROM_LOGIN_SHELL: 'yes' }, notice: null });
    await opening;
    await until(() => stateOf(win, 'web.1') === 'ready', 10_000, 'web.1 running');
    const environ = readFileSync(`/proc/${pidOf(win, 'web.1')}/environ`, 'utf8').split('\0');
    expect(environ).toContain('PROCDECK_FROM_LOGIN_SHELL=yes');
  });

  it('says in the window when the inherited environment is used instead', async () => {
    const notice =
      "Could not read your login shell's environment (/bin/zsh: no answer within 4 s); processes get the environment Procdeck was started with.";
    h = createHarness({ environment: Promise.resolve({ env: process.env as Record<string, string>, notice }) });
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    win.webContents.load();
    await until(
      () => win.contents.sent.some((m) => m.event === 'notice' && m.payload.message === notice),
      5000,
      'the notice',
    );
    expect(h.warnings).toContain(notice);
  });
});

describe('10. packaging details in the shell', () => {
  it('never reloads a page whose window closed while the crash-reload timer ran', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    win.webContents.load();
    await until(() => stateOf(win, 'web.1') === 'ready');
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    h.dialogs.confirmAnswer = true;
    win.close();
    await win.closed();
    // Past the first reload delay (1 s): the fake throws "Object has been destroyed" on reload.
    await new Promise((r) => setTimeout(r, 1300));
    expect(win.contents.reloads).toBe(0);
  });

  it('backs off when the page keeps crashing', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    win.webContents.load();
    const crash = () => win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    crash();
    await until(() => win.contents.reloads === 1, 3000, 'the first reload');
    const first = Date.now();
    crash();
    // A crash while a reload is pending schedules nothing more.
    crash();
    await until(() => win.contents.reloads === 2, 5000, 'the second reload');
    expect(Date.now() - first).toBeGreaterThanOrEqual(1900);
  });
});
