/**
 * Export… › Save to folder… as the desktop app shows it, in real Chromium: the built
 * renderer talks through a stand-in for the preload's `window.procdeck` (the same
 * ProcdeckApi, over a Playwright binding instead of Electron IPC) to the real desktop
 * shell over its fake Electron objects (test/electron/fakes.ts), whose native dialogs
 * answer as scripted. Everything past the preload is real: the shell, the host, the
 * running formation, the files written into real temp folders.
 *
 * Electron itself cannot run here (TOOLCHAIN.md); its IPC transport is covered by
 * test/electron/ipc-bridge.test.ts, the folder rules by test/electron/export-save.test.ts.
 */
import { expect, test, type Page } from '@playwright/test';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { CallResult, EventMessage, FormationExport } from '../../shared/contract';
import type { ProcdeckApi } from '../../shared/preload-api';
import { MANIFEST_FILE } from '../../electron/core/export/export-manifest';
import { createHarness, type FakeWindow, type Harness } from '../electron/fakes';
import { rowState, screenshot } from './support/dashboard';
import { REPO } from './support/serve';

test.describe.configure({ mode: 'serial' });

/** Where the page is served from: the built renderer, as the app:// protocol serves it. */
const ORIGIN = 'http://procdeck.test';
const RENDERER = join(REPO, 'out/renderer');
const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

let h: Harness;
let win: FakeWindow;
let page: Page;
let root: string;
let project: string;

/** An output batch crosses the binding with its bytes as numbers (the page makes them a Uint8Array again). */
type Delivered = EventMessage | { readonly event: 'output'; readonly payload: { readonly data: number[] } };

function delivered(message: EventMessage): Delivered {
  return message.event === 'output'
    ? { ...message, payload: { ...message.payload, data: Array.from(message.payload.data) } }
    : message;
}

test.beforeAll(async ({ browser }) => {
  root = mkdtempSync(join(tmpdir(), 'procdeck-e2e-export-save-'));
  project = join(root, 'fixture');
  cpSync(join(REPO, 'test/export/fixture'), project, { recursive: true });
  mkdirSync(join(project, 'out'));
  h = createHarness({ graceMs: 1000 });
  await h.shell.openProject({ dir: project });
  win = h.windowOf(project);

  page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const file = join(RENDERER, path === '/' ? 'index.html' : path);
    if (!file.startsWith(`${RENDERER}/`)) return route.fulfill({ status: 404 });
    try {
      await route.fulfill({
        status: 200,
        contentType: MIME[extname(file)] ?? 'application/octet-stream',
        body: readFileSync(file),
      });
    } catch {
      await route.fulfill({ status: 404 });
    }
  });
  await page.exposeFunction('__procdeckCall', (name: string, params: unknown) => h.call(win, name, params));
  await page.exposeFunction('__procdeckNotify', (name: string, params: unknown) => h.notify(win, name, params));
  await page.addInitScript(() => {
    type Message = Parameters<Parameters<ProcdeckApi['onEvent']>[0]>[0];
    const page = window as unknown as {
      procdeck: ProcdeckApi;
      __procdeckCall: ProcdeckApi['call'];
      __procdeckNotify: ProcdeckApi['notify'];
      __procdeckDeliver(message: Delivered): void;
    };
    const listeners = new Set<(message: Message) => void>();
    // Events that come before the renderer listens wait for it, as the preload's IPC queue does.
    const early: Message[] = [];
    page.__procdeckDeliver = (sent) => {
      const message = (
        sent.event === 'output'
          ? { ...sent, payload: { ...sent.payload, data: new Uint8Array(sent.payload.data) } }
          : sent
      ) as Message;
      if (listeners.size === 0) early.push(message);
      for (const listener of listeners) listener(message);
    };
    page.procdeck = {
      call: (name, params) => page.__procdeckCall(name, params),
      notify: (name, params) => page.__procdeckNotify(name, params),
      onEvent(listener) {
        listeners.add(listener);
        for (const message of early.splice(0)) listener(message);
        return () => listeners.delete(listener);
      },
      dropFiles: () => Promise.resolve(),
    } satisfies ProcdeckApi;
  });
  // Pushed events reach the page in the order the shell sends them.
  let delivery = Promise.resolve();
  win.webContents.onSent = (message) => {
    const sent = delivered(message);
    delivery = delivery
      .then(() =>
        page.evaluate(
          (m) => (window as unknown as { __procdeckDeliver(m: Delivered): void }).__procdeckDeliver(m),
          sent,
        ),
      )
      .catch(() => undefined);
  };
  await page.goto(`${ORIGIN}/index.html`);
  // The page has loaded (Electron: did-finish-load): the shell attaches it and sends the snapshot first.
  win.webContents.load();
});

test.afterAll(async () => {
  if (win) win.webContents.onSent = null;
  await page?.close();
  await h?.dispose();
  rmSync(root, { recursive: true, force: true });
});

function tempFolder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  return dir;
}

function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, readFileSync(join(dir, name), 'utf8')]),
  );
}

async function preview(format: string): Promise<FormationExport> {
  const result = (await h.call(win, 'formation.export', { format })) as CallResult<FormationExport>;
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

const dialog = () => page.getByRole('dialog', { name: 'Export the formation' });
const saveButton = () => dialog().getByRole('button', { name: 'Save to folder…' });
const saveResult = () => dialog().getByRole('status', { name: 'Save result' });

test('File › Export… offers Save to folder… instead of the zip, and saves the live export into the folder picked', async () => {
  await expect(page.getByRole('heading', { name: 'fixture', level: 1 })).toBeVisible();
  const scaleWorker = page.getByRole('slider', { name: 'Scale worker' });
  await scaleWorker.focus();
  await page.keyboard.press('ArrowRight');
  await expect(scaleWorker).toHaveValue('2');
  await expect(rowState(page, 'worker.2')).toHaveText('ready');

  // File › Export… (the menu's click goes through the shell, which asks the page to open the dialog).
  const shown = h.shell.byDir(project);
  if (!shown) throw new Error('no window for the fixture');
  await h.shell.formation(shown, 'export');
  await expect(dialog()).toBeVisible();
  await expect(dialog()).toContainText('As it runs now: web=1, worker=2, clock_1=1');
  await expect(dialog().getByRole('status').first()).toHaveText('8 files for fixture');
  await expect(dialog().getByRole('button', { name: /^Download/ })).toHaveCount(0);
  await expect(
    dialog().getByRole('heading', { name: 'Install (with fixture-systemd standing for the folder you save to)' }),
  ).toBeVisible();

  const dir = tempFolder('systemd');
  h.dialogs.exportFolders = [dir];
  await saveButton().focus();
  await page.keyboard.press('Enter');
  await expect(saveResult()).toHaveText(`Saved 8 systemd files to ${dir}.`);
  // The focus stays where it was, for the next save.
  await expect(saveButton()).toBeFocused();

  const expected = await preview('systemd');
  const { [MANIFEST_FILE]: manifest, ...written } = contents(dir);
  expect(manifest).toContain('systemd');
  expect(written).toEqual(Object.fromEntries(expected.files.map((f) => [f.path, f.text])));
  expect(contents(dir)['fixture-worker.2.service']).toContain('Environment="PS=worker.2"');
  await expect(dialog().getByLabel('Files saved')).toContainText('wrote fixture-worker.2.service');
  await expect(dialog().getByLabel('Install commands')).toContainText(
    `sudo cp ${dir}/*.target ${dir}/*.service /etc/systemd/system/`,
  );
  await screenshot(page, 'export-save-to-folder');
});

test('a folder holding other files is written only after a yes in the native question; no writes nothing', async () => {
  const dir = tempFolder('foreign');
  writeFileSync(join(dir, 'notes.txt'), 'mine\n');
  await dialog().getByRole('combobox', { name: 'Format' }).selectOption('compose');
  await expect(dialog().getByRole('status').first()).toHaveText('1 files for fixture');

  h.dialogs.exportFolders = [dir];
  h.dialogs.exportAnswer = false;
  await saveButton().click();
  await expect(saveResult()).toHaveText('Not saved: nothing was written.');
  expect(h.dialogs.exportQuestions.map((q) => q.title)).toEqual([`Write the compose export into ${dir}?`]);
  expect(contents(dir)).toEqual({ 'notes.txt': 'mine\n' });

  h.dialogs.exportFolders = [dir];
  h.dialogs.exportAnswer = true;
  await saveButton().click();
  await expect(saveResult()).toHaveText(`Saved 1 compose file to ${dir}.`);
  expect(Object.keys(contents(dir))).toEqual([MANIFEST_FILE, 'compose.yaml', 'notes.txt']);
  expect(contents(dir)['notes.txt']).toBe('mine\n');
  await expect(dialog().getByLabel('Install commands')).toContainText(`docker compose -f ${dir}/compose.yaml up -d`);
});

test('cancelling the folder dialog says nothing was written; a folder that cannot be written says why', async () => {
  const before = readdirSync(root).sort();
  h.dialogs.exportFolders = [null];
  await saveButton().click();
  await expect(saveResult()).toHaveText('Not saved: nothing was written.');
  expect(readdirSync(root).sort()).toEqual(before);

  const file = join(root, 'a-file');
  writeFileSync(file, 'x');
  h.dialogs.exportFolders = [join(file, 'below')];
  await saveButton().click();
  await expect(saveResult()).toHaveText('Not saved.');
  await expect(dialog().getByRole('alert')).toContainText(join(file, 'below'));
  expect(readFileSync(file, 'utf8')).toBe('x');
});

test('closing and reopening the dialog starts without the last outcome', async () => {
  await page.keyboard.press('Escape');
  await expect(dialog()).toBeHidden();
  await page.getByRole('button', { name: 'Export…' }).click();
  await expect(dialog()).toBeVisible();
  await expect(saveResult()).toHaveText('');
});
