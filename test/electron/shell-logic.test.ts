/**
 * The shell's pure pieces, table-tested: notification rate limits, the menu template,
 * command-line folders, window placement, shutdown progress, the user-gesture gate.
 */
import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { CrashRecord, InstanceSnapshot } from '../../shared/model';
import { pathArguments, projectRequests } from '../../electron/main/launch-args';
import { loginShellEnv, needsLoginShellEnv, parseEnvOutput } from '../../electron/main/login-shell-env';
import { menuTemplate, type MenuActions } from '../../electron/main/menu-template';
import { NotificationKeeper } from '../../electron/main/notification-keeper';
import {
  escapeMarkup,
  forPlatform,
  NotificationPolicy,
  type CrashAlert,
} from '../../electron/main/notification-policy';
import { ReloadBackoff } from '../../electron/main/reload-backoff';
import { openQuestion } from '../../electron/main/open-confirmation';
import { QuitCoordinator } from '../../electron/main/quit-coordinator';
import { describeShutdown, shutdownFraction, shutdownProgress } from '../../electron/main/shutdown-progress';
import { UserGestureGate } from '../../electron/main/user-gesture';
import { initialBounds } from '../../electron/main/window-bounds';

const crash = (instance: `${string}.${number}`, at = 0): CrashAlert => {
  const record: CrashRecord = {
    instance,
    at,
    exit: { kind: 'code', code: 1 },
    uptimeMs: 1200,
    command: 'x',
    lastLines: ['boom', ''],
    run: 1,
  };
  return { kind: 'crash', project: 'app', record };
};
const background = { enabled: true, windowFocused: false, stopping: false };

describe('the notification policy', () => {
  it('notifies a crash in the background once per instance per minute', () => {
    const policy = new NotificationPolicy();
    expect(policy.decide(crash('web.1'), background, 0)).toEqual({
      title: 'web.1 crashed (code 1) — app',
      body: 'boom',
    });
    expect(policy.decide(crash('web.1'), background, 30_000)).toBeNull();
    expect(policy.decide(crash('web.1'), background, 61_000)?.body).toBe('boom\n(and 1 more crash not shown)');
  });

  it('caps the whole app at three a minute and counts what it held back', () => {
    const policy = new NotificationPolicy();
    const shown = ['a.1', 'a.2', 'a.3', 'a.4', 'a.5'].map((id, i) =>
      policy.decide(crash(id as `${string}.${number}`), background, i),
    );
    expect(shown.filter(Boolean)).toHaveLength(3);
    expect(policy.decide(crash('a.6'), background, 60_010)?.body).toMatch(/and 2 more crashes not shown/);
  });

  it('notifies a crash loop apart from the crashes before it', () => {
    const policy = new NotificationPolicy();
    expect(policy.decide(crash('web.1'), background, 0)).not.toBeNull();
    const loop: CrashAlert = { kind: 'crash-loop', project: 'app', instance: 'web.1', failures: 5, at: 1 };
    expect(policy.decide(loop, background, 1000)?.title).toBe('web.1 is crash-looping — app');
  });

  it.each([
    ['turned off', { ...background, enabled: false }],
    ['the window has the focus', { ...background, windowFocused: true }],
    ['the formation is being stopped (close or quit)', { ...background, stopping: true }],
  ])('stays quiet when %s', (_why, context) => {
    expect(new NotificationPolicy().decide(crash('web.1'), context, 0)).toBeNull();
  });
});

describe('the menu template', () => {
  const actions: MenuActions = {
    openFolder: () => undefined,
    openRecent: () => undefined,
    clearRecent: () => undefined,
    closeProject: () => undefined,
    formation: () => undefined,
    setNotifications: () => undefined,
    showProcfileRules: () => undefined,
    showAbout: () => undefined,
  };
  const labels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.label ?? i.role ?? i.type);
  const submenu = (items: MenuItemConstructorOptions[], label: string) =>
    (items.find((i) => i.label === label || i.role === label)?.submenu ?? []) as MenuItemConstructorOptions[];
  const state = {
    platform: 'linux' as NodeJS.Platform,
    appName: 'Procdeck',
    isDev: false,
    recent: [],
    hasProject: true,
    notifications: true,
  };

  it('has File, Formation, View and Help; macOS adds the app, Edit and Window menus', () => {
    expect(labels(menuTemplate(state, actions))).toEqual(['File', 'Formation', 'View', 'help']);
    const mac = menuTemplate({ ...state, platform: 'darwin' }, actions);
    expect(labels(mac)).toEqual(['Procdeck', 'File', 'editMenu', 'Formation', 'View', 'windowMenu', 'help']);
    expect(labels(submenu(mac, 'Procdeck'))).toContain('about');
  });

  it('names the actions of the issue', () => {
    const menu = menuTemplate(state, actions);
    expect(labels(submenu(menu, 'File'))).toEqual([
      'Open Folder…',
      'Open Recent',
      'separator',
      'Export…',
      'separator',
      'Close Project',
      'separator',
      'Quit',
    ]);
    expect(labels(submenu(menu, 'Formation'))).toEqual([
      'Start All',
      'Stop All',
      'Restart All',
      'separator',
      'Reload Procfile',
      'separator',
      'Notify on Crashes',
    ]);
    expect(labels(submenu(menu, 'View'))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'separator', 'togglefullscreen']);
    expect(labels(submenu(menu, 'help'))).toEqual(['Procfile Rules', 'separator', 'About Procdeck']);
  });

  it('offers developer tools only in development builds', () => {
    expect(labels(submenu(menuTemplate({ ...state, isDev: true }, actions), 'View'))).toContain('toggleDevTools');
    expect(JSON.stringify(menuTemplate(state, actions))).not.toMatch(/toggleDevTools|"reload"/);
  });

  it('never takes a terminal key on Linux and Windows (no Ctrl+letter without Shift, no Edit menu)', () => {
    const accelerators = JSON.stringify(menuTemplate(state, actions)).match(/"accelerator":"[^"]+"/g) ?? [];
    expect(accelerators.length).toBeGreaterThan(4);
    for (const a of accelerators) expect(a).toMatch(/Ctrl\+Shift\+/);
  });

  it('File › Export… asks for the export, and only with a project', () => {
    const asked: string[] = [];
    const exportItem = (hasProject: boolean) =>
      submenu(
        menuTemplate({ ...state, hasProject }, { ...actions, formation: (a) => void asked.push(a) }),
        'File',
      ).find((i) => i.label === 'Export…');
    expect(exportItem(false)?.enabled).toBe(false);
    (exportItem(true)?.click as () => void)();
    expect(asked).toEqual(['export']);
  });

  it('disables the formation items without a project', () => {
    const items = submenu(menuTemplate({ ...state, hasProject: false }, actions), 'Formation').filter((i) =>
      i.label?.endsWith('All'),
    );
    expect(items.every((i) => i.enabled === false)).toBe(true);
  });
});

describe('folders from the command line', () => {
  it.each([
    [['/usr/bin/procdeck', '/home/me/app'], false, ['/home/me/app']],
    [['electron', '.', '../app', '--inspect=0'], true, ['../app']],
    [['electron', 'out/main/index.js', '--no-sandbox', 'a', '--', '-odd-name'], true, ['a', '-odd-name']],
    [['procdeck', '--enable-logging', '-psn_0_123'], false, []],
    [['electron', '--inspect=0', '--remote-debugging-port=0', '/repo', '--no-sandbox', '/w/app'], true, ['/w/app']],
    // A Linux launcher's `Exec=procdeck %U` (Files, Nautilus "Open With"): file:// URIs, percent-encoded.
    [
      ['/opt/Procdeck/procdeck', 'file:///home/me/my%20app', 'file:///home/me/api/Procfile.dev'],
      false,
      ['/home/me/my app', '/home/me/api/Procfile.dev'],
    ],
    [['/opt/Procdeck/procdeck', 'file://localhost/home/me/app'], false, ['/home/me/app']],
    [
      [
        '/opt/Procdeck/procdeck',
        'file://other-host/share/app',
        'https://example.com/app',
        'smb://nas/app',
        'file:///x%00y',
      ],
      false,
      [],
    ],
    [['/opt/Procdeck/procdeck', 'FILE:///home/me/app'], false, ['/home/me/app']],
  ])('%j (run as electron app: %s) → %j', (argv, defaultApp, paths) => {
    expect(pathArguments(argv, defaultApp)).toEqual(paths);
  });

  it('resolves folders and Procfiles against the working directory, drops the rest', () => {
    const kinds: Record<string, 'directory' | 'file' | 'missing'> = {
      '/w/app': 'directory',
      '/w/api/Procfile.dev': 'file',
      '/w/notes.txt': 'file',
      '/w/gone': 'missing',
    };
    expect(
      projectRequests(['app', 'api/Procfile.dev', 'notes.txt', 'gone', '/w/app/'], '/w', (p) => kinds[p] ?? 'missing'),
    ).toEqual([{ dir: '/w/app' }, { dir: '/w/api', procfile: 'Procfile.dev' }]);
  });
});

describe('window placement', () => {
  const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];
  it('restores saved bounds that are on a display', () => {
    expect(initialBounds({ x: 100, y: 50, width: 1000, height: 700, maximized: true }, screen)).toEqual({
      bounds: { x: 100, y: 50, width: 1000, height: 700 },
      maximized: true,
    });
  });
  it('lets the OS place a window whose display is gone, and keeps a minimum size', () => {
    expect(initialBounds({ x: 4000, y: 50, width: 300, height: 200, maximized: false }, screen)).toEqual({
      bounds: { width: 800, height: 560 },
      maximized: false,
    });
    expect(initialBounds(null, screen).bounds).toEqual({ width: 1280, height: 800 });
  });
});

describe('shutdown progress', () => {
  const instance = (id: `${string}.${number}`, state: InstanceSnapshot['state']): InstanceSnapshot => ({
    id,
    type: id.split('.')[0]!,
    index: 1,
    port: 5000,
    state,
    restarts: 0,
    crashes: [],
    escaped: [],
  });
  const stopping = (deadline: number, escalated = false) => ({
    kind: 'stopping' as const,
    pid: 42,
    since: 0,
    deadline,
    escalated,
  });

  it('names the instances still stopping and the SIGKILL deadline', () => {
    const progress = shutdownProgress(
      [
        instance('web.1', stopping(5000)),
        instance('worker.1', stopping(7000)),
        instance('css.1', { kind: 'stopped', at: 1, exit: null }),
      ],
      'quit',
      false,
    );
    expect(progress).toEqual({
      reason: 'quit',
      phase: 'stopping',
      stopping: [
        { id: 'web.1', pid: 42, killAt: 5000, escalated: false },
        { id: 'worker.1', pid: 42, killAt: 7000, escalated: false },
      ],
      killAt: 7000,
      forced: false,
    });
    expect(describeShutdown(progress, 2100, 'quit again')).toBe(
      'Stopping web.1, worker.1 — SIGKILL in 5 s (quit again to kill now)',
    );
    expect(shutdownFraction(progress, 0, 3500)).toBe(0.5);
  });

  it('says when everything is being killed, and when it is done', () => {
    const killing = shutdownProgress([instance('web.1', stopping(10, true))], 'close', true);
    expect(killing.killAt).toBeNull();
    expect(describeShutdown(killing, 0, 'close again')).toBe('Killing web.1…');
    expect(describeShutdown(shutdownProgress([], 'close', false, true), 0, '')).toBe('All processes stopped');
  });
});

describe('the quit coordinator', () => {
  it('ignores requests while the confirmation is open, and exits once', async () => {
    let answer: (go: boolean) => void = () => undefined;
    const exits: number[] = [];
    const stops: string[] = [];
    const quitter = new QuitCoordinator({
      targets: () => [
        { stopForQuit: async () => void stops.push('stop'), escalate: () => stops.push('kill'), liveCount: () => 2 },
      ],
      confirm: () => new Promise((resolve) => (answer = resolve)),
      beforeExit: async () => undefined,
      exit: () => exits.push(1),
    });
    const first = quitter.request();
    void quitter.request();
    expect(quitter.state).toBe('confirming');
    answer(true);
    await first;
    expect(stops).toEqual(['stop']);
    expect(exits).toEqual([1]);
    await quitter.request();
    expect(exits).toEqual([1]);
  });
});

describe('the user-gesture gate', () => {
  it('opens one link per recent click or Enter', () => {
    let now = 0;
    const gate = new UserGestureGate(3000, () => now);
    expect(gate.take()).toBe(false);
    gate.observe({ type: 'mouseMove' });
    gate.observe({ type: 'mouseUp', button: 'right' });
    expect(gate.take()).toBe(false);
    gate.observe({ type: 'mouseUp', button: 'left' });
    now = 2000;
    expect(gate.take()).toBe(true);
    expect(gate.take()).toBe(false);
    gate.observe({ type: 'keyDown', key: 'Enter' });
    now = 6000;
    expect(gate.take()).toBe(false);
  });
});

describe('the login shell’s environment (for apps started from the Dock or a launcher)', () => {
  it('is asked for only when not started from a terminal, on macOS and Linux', () => {
    expect(needsLoginShellEnv('darwin', {})).toBe(true);
    expect(needsLoginShellEnv('darwin', { TERM: 'xterm-256color' })).toBe(false);
    expect(needsLoginShellEnv('win32', {})).toBe(false);
  });

  it('comes from a real login shell, PATH included, and falls back to our own on failure', async () => {
    expect(parseEnvOutput('motd noise__PROCDECK_ENV__A=1\0PATH=/x:/y\0')).toEqual({ A: '1', PATH: '/x:/y' });
    expect(parseEnvOutput('no marker')).toBeNull();
    const answered = await loginShellEnv({
      SHELL: '/bin/sh',
      PATH: '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      ELECTRON_X: 'mine',
    });
    expect(answered.notice).toBeNull();
    expect(answered.env.PATH).toContain('/usr/bin');
    expect(answered.env.ELECTRON_X).toBe('mine');
    const failed = await loginShellEnv({ SHELL: '/nonexistent/shell', PATH: '/only/this' });
    expect(failed.env).toEqual({ SHELL: '/nonexistent/shell', PATH: '/only/this' });
    expect(failed.notice).toMatch(/^Could not read your login shell's environment \(\/nonexistent\/shell: /);
  });
});

describe('the crash-reload backoff', () => {
  it.each([
    [[0], [1000]],
    [
      [0, 1000, 3000, 7000],
      [1000, 2000, 4000, 8000],
    ],
    [
      [0, 1000, 2000, 3000, 4000, 5000, 6000],
      [1000, 2000, 4000, 8000, 16000, 30000, 30000],
    ],
    [
      [0, 1000, 70_000],
      [1000, 2000, 1000],
    ],
  ])('crashes at %j wait %j', (crashes, delays) => {
    const backoff = new ReloadBackoff();
    expect(crashes.map((at) => backoff.next(at))).toEqual(delays);
  });
});

describe('notifications', () => {
  it('keep at most ten referenced, closing the oldest beyond that', () => {
    const keeper = new NotificationKeeper<{ close(): void; closed: boolean }>();
    const made = Array.from({ length: 12 }, () => ({
      closed: false,
      close() {
        this.closed = true;
      },
    }));
    for (const n of made) keeper.keep(n);
    expect(keeper.size).toBe(10);
    expect(made.map((n) => n.closed)).toEqual([true, true, ...Array(10).fill(false)]);
    keeper.release(made[5]!);
    expect(keeper.size).toBe(9);
  });

  it('escape crash text on Linux, where the notification server reads the body as markup', () => {
    const text = { title: 'web.1 crashed (code 1) — shop', body: `<b>boom</b> & <a href="x">'link'</a>` };
    expect(forPlatform(text, 'linux')).toEqual({
      title: text.title,
      body: '&lt;b&gt;boom&lt;/b&gt; &amp; &lt;a href=&quot;x&quot;&gt;&#39;link&#39;&lt;/a&gt;',
    });
    expect(forPlatform(text, 'darwin')).toEqual(text);
    expect(escapeMarkup('a &amp; b')).toBe('a &amp;amp; b');
  });
});

describe('the question before opening a folder the page named', () => {
  const types = (entries: [string, string][]) => entries.map(([name, command], i) => ({ name, command, line: i + 1 }));

  it('names the folder and every command, with terminal escapes shown, never interpreted', () => {
    const q = openQuestion('/home/me/evil\u001b[2K', 'Procfile', {
      types: types([
        ['web', 'echo hi\r\u001b[2Kcurl x | sh'],
        ['worker', 'sleep 1'],
      ]),
      problem: null,
    });
    expect(q.title).toBe('Open /home/me/evil\\u{1b}[2K and run its processes?');
    expect(q.detail).toContain('  web: echo hi\\u{d}\\u{1b}[2Kcurl x | sh');
    expect(q.detail).toContain('  worker: sleep 1');
    expect(q.action).toBe('Open and Run');
  });

  it('counts what it does not list, and says when the Procfile cannot be read', () => {
    const many = openQuestion('/p', 'Procfile', {
      types: types(Array.from({ length: 20 }, (_, i) => [`t${i}`, 'true'])),
      problem: null,
    });
    expect(many.detail).toContain('… and 5 more');
    expect(openQuestion('/p', 'Procfile.dev', { types: [], problem: 'no such file' }).detail).toContain(
      'Its Procfile.dev cannot be read: no such file',
    );
  });
});
