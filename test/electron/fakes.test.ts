/**
 * The fakes behave as FAKES.md says Electron does (each block names its section): a fake
 * that drifts from Electron would let the shell's tests pass for the wrong reason.
 */
import { describe, expect, it } from 'vitest';
import { pathsOfDroppedFiles } from '../../electron/preload/drop-paths';
import { DESTROYED, FakeApp, FakeContents, FakeSession, FakeWindow } from './fakes';

const newWindow = (app?: FakeApp) => {
  const win = new FakeWindow({});
  app?.adopt(win);
  return win;
};

describe('§1 destroyed objects and §3 the order of close and closed', () => {
  it('emits close at once, then destroys the contents and the window, then emits closed; every member throws afterwards', async () => {
    const win = newWindow();
    const order: string[] = [];
    win.on('close', () => order.push('close'));
    win.webContents.on('destroyed', () => order.push('contents destroyed'));
    win.on('closed', () => {
      order.push(`closed (window destroyed: ${win.isDestroyed()}, contents destroyed: ${win.contents.isDestroyed()})`);
      expect(() => win.webContents).toThrow(DESTROYED);
      expect(() => win.id).toThrow(DESTROYED);
    });
    win.close();
    expect(order).toEqual(['close']);
    expect(win.isDestroyed()).toBe(false);
    await win.closed();
    expect(order).toEqual(['close', 'contents destroyed', 'closed (window destroyed: true, contents destroyed: true)']);
    for (const use of [
      () => win.focus(),
      () => win.close(),
      () => win.isFocused(),
      () => win.setTitle('x'),
      () => win.contents.id,
      () => win.contents.reload(),
      () => win.contents.send('c'),
    ]) {
      expect(use).toThrow(DESTROYED);
    }
    expect(win.isDestroyed()).toBe(true);
  });

  it('keeps a window whose close was prevented', async () => {
    const win = newWindow();
    win.on('close', (event: { preventDefault(): void }) => event.preventDefault());
    win.close();
    await new Promise((r) => setImmediate(r));
    expect(win.isDestroyed()).toBe(false);
    expect(win.webContents.isDestroyed()).toBe(false);
  });
});

describe('§2 ids', () => {
  it('counts windows and web contents apart', () => {
    const a = newWindow();
    const b = newWindow();
    expect(b.id).toBe(a.id + 1);
    expect(b.webContents.id).toBe(a.webContents.id + 1);
    expect(a.id).not.toBe(a.webContents.id);
  });
});

describe('§4 app.quit()', () => {
  it('emits before-quit, closes every window, then will-quit and quit; no window-all-closed', async () => {
    const app = new FakeApp();
    const events: string[] = [];
    for (const name of ['before-quit', 'will-quit', 'quit', 'window-all-closed']) app.on(name, () => events.push(name));
    const [a, b] = [newWindow(app), newWindow(app)];
    app.quit();
    await Promise.all([a.closed(), b.closed()]);
    expect(events).toEqual(['before-quit', 'will-quit', 'quit']);
    expect(app.exited).toBe(true);
  });

  it('is cancelled by a prevented before-quit, and by one prevented close (the others still close)', async () => {
    const app = new FakeApp();
    app.once('before-quit', (event: { preventDefault(): void }) => event.preventDefault());
    const [a, b] = [newWindow(app), newWindow(app)];
    app.quit();
    expect(a.isDestroyed() || b.isDestroyed()).toBe(false);
    b.on('close', (event: { preventDefault(): void }) => event.preventDefault());
    app.quit();
    await a.closed();
    expect(b.isDestroyed()).toBe(false);
    expect(app.exited).toBe(false);
  });

  it('emits window-all-closed when the last window closes outside a quit', async () => {
    const app = new FakeApp();
    let all = 0;
    app.on('window-all-closed', () => all++);
    const win = newWindow(app);
    win.close();
    await win.closed();
    expect(all).toBe(1);
    expect(app.exited).toBe(false);
  });

  it('closes the windows in reverse order on macOS', async () => {
    const app = new FakeApp('darwin');
    const order: number[] = [];
    const wins = [newWindow(app), newWindow(app), newWindow(app)];
    for (const w of wins) {
      const id = w.id;
      w.on('close', () => order.push(id));
    }
    app.quit();
    expect(order).toEqual(wins.map((w) => w.id).reverse());
  });
});

describe('§5 new-window requests and drops', () => {
  it('sends a dropped file to the window-open handler as a foreground tab with its file: URL, never to will-navigate', () => {
    const contents = new FakeContents();
    const seen: { url: string; disposition: string }[] = [];
    let navigations = 0;
    contents.on('will-navigate', () => navigations++);
    contents.setWindowOpenHandler((details) => {
      seen.push({ url: details.url, disposition: details.disposition });
      return { action: 'deny' };
    });
    contents.dropFile('/home/me/a b');
    expect(seen).toEqual([{ url: 'file:///home/me/a%20b', disposition: 'foreground-tab' }]);
    expect(navigations).toBe(0);
    expect(contents.popups).toEqual([]);
  });

  it('opens a window when no handler denies it', () => {
    const contents = new FakeContents();
    contents.requestWindow('https://example.com/', 'new-window');
    expect(contents.popups).toEqual([{ url: 'https://example.com/', disposition: 'new-window' }]);
  });

  it('resolves dropped paths in the preload only for real files (getPathForFile throws for non-Files, gives "" for JS-made ones)', () => {
    const real = { kind: 'real', path: '/home/me/app' };
    const made = { kind: 'made' };
    const getPathForFile = (file: { kind?: string; path?: string }) => {
      if (file?.kind === undefined) throw new TypeError('Argument must be a File');
      return file.kind === 'real' ? file.path! : '';
    };
    expect(pathsOfDroppedFiles([real, made, 'x', null], getPathForFile as never)).toEqual(['/home/me/app']);
    expect(pathsOfDroppedFiles('not a list', getPathForFile as never)).toEqual([]);
    expect(
      pathsOfDroppedFiles(
        Array.from({ length: 40 }, () => real),
        getPathForFile as never,
      ),
    ).toHaveLength(16);
  });
});

describe('§7 permission handlers', () => {
  it('grant everything while no handler is set, and pass the check an origin spec', () => {
    const session = new FakeSession();
    expect(session.check('media', 'https://x.example/a')).toBe(true);
    let origin = '';
    session.setPermissionCheckHandler((_c, _p, requestingOrigin) => {
      origin = requestingOrigin;
      return false;
    });
    expect(session.check('media', 'app://procdeck/index.html')).toBe(false);
    expect(origin).toBe('app://procdeck/');
  });
});
