/**
 * The desktop shell's behaviour over fake Electron objects and real formations: one
 * window per project, the welcome window, menu actions, crash notifications and their
 * clicks, dropped folders, reloads of the page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import { summarize } from '../../shared/instance-state';
import { EMPTY_PICTURE, foldEvent } from '../../shared/project-picture';
import { createHarness, fixture, until, type FakeWindow, type Harness } from './fakes';

let h: Harness;
afterEach(async () => {
  await h?.dispose();
});

const stateOf = (win: FakeWindow, id: string) => {
  let state: string | null = null;
  for (const m of win.webContents.sent) {
    if (m.event === 'snapshot') state = m.payload?.instances.find((i) => i.id === id)?.state.kind ?? null;
    if (m.event === 'instance' && m.payload.id === id) state = m.payload.state.kind;
  }
  return state;
};

describe('windows and projects', () => {
  it('opens one window per project and focuses it when the project is opened again', async () => {
    h = createHarness();
    const dir = fixture('formation');
    await h.shell.openProject({ dir });
    await h.shell.openProject({ dir: `${dir}/` });
    expect(h.windows).toHaveLength(1);
    const win = h.windows[0]!;
    win.focused = false;
    await h.shell.openProject({ dir });
    expect(win.focused).toBe(true);
    expect(win.loaded).toBe('app://procdeck/index.html');
  });

  it('uses the welcome window for the first project, and a new window for the next', async () => {
    h = createHarness();
    const welcome = h.shell.openWelcome()!;
    expect(welcome.dir).toBeNull();
    await h.shell.openProject({ dir: fixture('formation') });
    expect(h.windows).toHaveLength(1);
    expect(welcome.dir).toBe(fixture('formation'));
    await h.shell.openProject({ dir: fixture('crasher') });
    expect(h.windows).toHaveLength(2);
  });

  it('answers project.open for a project open elsewhere by focusing that window (and closing the welcome window)', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const owner = h.windowOf(fixture('formation'));
    owner.focused = false;
    const welcome = h.shell.openWelcome()!;
    const fake = h.windows.find((w) => w === welcome.window)!;
    const answer = (await h.call(fake, 'project.open', { dir: fixture('formation') })) as {
      ok: boolean;
      error?: { message: string };
    };
    expect(answer.ok).toBe(false);
    expect(answer.error?.message).toMatch(/open in its own window/);
    expect(owner.focused).toBe(true);
    await until(() => fake.isDestroyed(), 5000, 'the welcome window to close');
  });

  it('opens a folder from File › Open Folder… (native dialog)', async () => {
    h = createHarness();
    const welcome = h.shell.openWelcome()!;
    h.dialogs.folders.push(fixture('formation'));
    h.shell.menuActions().openFolder();
    await until(() => welcome.dir === fixture('formation'), 5000, 'the picked folder to open');
    expect(h.dialogs.openQuestions).toEqual([]);
  });

  it('File › Close Project stops the formation and leaves the welcome window when it was the last', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    win.focused = true;
    h.shell.menuActions().closeProject();
    await until(() => win.isDestroyed(), 10_000, 'the project window to close');
    expect(h.shell.all()).toHaveLength(1);
    expect(h.shell.all()[0]?.dir).toBeNull();
  });

  it('reports a project that cannot open, and keeps the window', async () => {
    h = createHarness();
    const win = await h.shell.openProject({ dir: '/no/such/folder' });
    expect(win).toBeNull();
    expect(h.errors[0]).toMatch(/^Cannot open \/no\/such\/folder: no such folder/);
  });

  it('runs the Formation menu through the same host calls as the page', async () => {
    h = createHarness();
    const pw = (await h.shell.openProject({ dir: fixture('formation') }))!;
    const win = h.windowOf(fixture('formation'));
    win.webContents.load();
    await until(() => stateOf(win, 'web.1') === 'ready');
    expect((await h.shell.formation(pw, 'stop-all')).ok).toBe(true);
    await until(() => stateOf(win, 'web.1') === 'stopped' && stateOf(win, 'worker.1') === 'stopped');
    expect((await h.shell.formation(pw, 'start-all')).ok).toBe(true);
    await until(() => stateOf(win, 'web.1') === 'ready');
    expect((await h.shell.formation(pw, 'reload-procfile')).ok).toBe(true);
  });

  it('reattaches a reloaded page: the new page gets the snapshot first', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    win.webContents.load();
    await until(() => stateOf(win, 'web.1') === 'ready');
    win.webContents.emit('did-navigate', {}, 'app://procdeck/index.html');
    win.webContents.sent.length = 0;
    win.webContents.load();
    expect(win.webContents.sent[0]?.event).toBe('snapshot');
  });

  it('reloads a page whose renderer crashed, without touching the processes', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    win.webContents.load();
    await until(() => stateOf(win, 'web.1') === 'ready');
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed' });
    await until(() => win.webContents.reloads === 1, 3000, 'a reload');
    const answer = (await h.call(win, 'project.snapshot', {})) as {
      value: { instances: { state: { kind: string } }[] };
    };
    expect(answer.value.instances.every((i) => i.state.kind === 'ready')).toBe(true);
  });
});

describe('crash notifications', () => {
  const revealed = (win: FakeWindow) =>
    win.webContents.sent.filter((m: EventMessage) => m.event === 'shell' && m.payload.kind === 'reveal-crash');

  it('notify a crash when the window is in the background; a click focuses it and opens the crash', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('crasher') });
    const win = h.windowOf(fixture('crasher'));
    win.webContents.load();
    win.focused = false;
    await until(() => h.notifications.length === 1, 8000, 'a notification');
    const [note] = h.notifications;
    expect(note?.text.title).toBe('bad.1 crashed (code 3) — crasher');
    expect(note?.text.body).toBe('about to fail');
    note?.click();
    expect(win.focused).toBe(true);
    expect(revealed(win)).toEqual([
      { event: 'shell', payload: { kind: 'reveal-crash', instance: 'bad.1', at: expect.any(Number) } },
    ]);
  });

  it('stay quiet for stops the user asked for, while the window has the focus, and when turned off', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const win = h.windowOf(fixture('formation'));
    win.webContents.load();
    win.focused = false;
    await until(() => stateOf(win, 'web.1') === 'ready');
    await h.call(win, 'process.stop', { target: { scope: 'all' } });
    await until(() => stateOf(win, 'web.1') === 'stopped');
    expect(h.notifications).toEqual([]);

    h.shell.menuActions().setNotifications(false);
    await h.shell.openProject({ dir: fixture('crasher') });
    const crasher = h.windowOf(fixture('crasher'));
    crasher.focused = false;
    crasher.webContents.load();
    await until(() => stateOf(crasher, 'bad.1') === 'crashed', 8000, 'the crash');
    expect(h.notifications).toEqual([]);
    expect(h.platform.store.settings().notifications).toBe(false);
  });
});

describe('the dock badge', () => {
  it('counts what the page title counts: an instance backing off after a crash is in trouble', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('crasher') });
    const win = h.windowOf(fixture('crasher'));
    win.webContents.load();
    await until(() => stateOf(win, 'web.1') === 'ready');
    await h.call(win, 'type.setPolicy', { type: 'bad', policy: 'restart' });
    // It may have crashed under the old policy already: start it again under the new one.
    await h.call(win, 'process.restart', { target: { scope: 'type', type: 'bad' } });
    // The first restart waits a second: long enough to look at the badge while it backs off.
    await until(() => stateOf(win, 'bad.1') === 'backoff', 8000, 'bad.1 to back off');
    let picture = EMPTY_PICTURE;
    for (const m of win.webContents.sent) picture = foldEvent(picture, m);
    const title = summarize(picture.instances.values()).trouble;
    expect(title).toBe(1);
    expect(h.badges.at(-1)).toBe(title);
    await h.call(win, 'process.stop', { target: { scope: 'type', type: 'bad' } });
    await until(() => stateOf(win, 'bad.1') === 'stopped', 8000, 'bad.1 to stop');
    expect(h.badges.at(-1)).toBe(0);
  });
});

describe('the menu', () => {
  it('lists recent projects and clears them', async () => {
    h = createHarness();
    await h.shell.openProject({ dir: fixture('formation') });
    const file = () => h.shell.buildMenu().find((m) => m.label === 'File');
    const recent = () =>
      (file()?.submenu as { label?: string; submenu?: { label?: string }[] }[]).find((i) => i.label === 'Open Recent');
    expect(recent()?.submenu?.[0]?.label).toBe(`formation — ${fixture('formation')}`);
    h.shell.menuActions().clearRecent();
    expect(recent()?.submenu?.map((i) => i.label)).toEqual(['Clear Recent Projects']);
  });

  it('shows the Procfile rules', async () => {
    h = createHarness();
    h.shell.menuActions().showProcfileRules();
    await until(() => h.dialogs.infos.length === 1);
    expect(h.dialogs.infos).toEqual(['Procfile rules']);
  });
});
