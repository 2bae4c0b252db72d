/**
 * The desktop app, for real: Electron opens the fixture project given on the command
 * line; we scale a type, restart an instance and see a crash through the dashboard, check
 * the window's security in the running app, and quit, which stops every process.
 *
 * Needs an Electron binary (see playwright.electron.config.ts); without one every test
 * here is skipped with the reason — never faked.
 */
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstanceSnapshot, ProjectSnapshot } from '../../shared/model';
import type { ProcdeckApi } from '../../shared/preload-api';
import { locateElectron } from '../../scripts/electron-binary.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PROJECT = fileURLToPath(new URL('./fixtures/app', import.meta.url));
const binary = locateElectron();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const skipReason = !binary.ok
  ? `no Electron binary here: ${binary.reason}. Set ELECTRON_OVERRIDE_DIST_PATH or let \`npm start\` download Electron.`
  : !hasDisplay
    ? 'no display: run it under `xvfb-run -a npm run e2e:electron`'
    : null;

test.describe.configure({ mode: 'serial' });
test.skip(skipReason !== null, skipReason ?? '');

let app: ElectronApplication;
let page: Page;
let userData: string;

test.beforeAll(async () => {
  if (!binary.ok || skipReason) return;
  userData = mkdtempSync(join(tmpdir(), 'procdeck-electron-e2e-'));
  mkdirSync(join(userData, 'state'), { recursive: true });
  // No dialogs in a test: quitting must not wait for a confirmation.
  writeFileSync(
    join(userData, 'state', 'settings.json'),
    JSON.stringify({ version: 1, notifications: false, confirmStop: false }),
  );
  app = await electron.launch({
    executablePath: binary.path,
    args: [ROOT, ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : []), PROJECT],
    env: { ...process.env, PROCDECK_USER_DATA_DIR: userData },
    timeout: 60_000,
  });
  page = await app.firstWindow();
});

test.afterAll(async () => {
  await app?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
});

async function snapshot(): Promise<ProjectSnapshot> {
  const answer = await page.evaluate(() =>
    (window as unknown as { procdeck: ProcdeckApi }).procdeck.call('project.snapshot', {}),
  );
  if (!answer.ok || !answer.value) throw new Error(`no snapshot: ${JSON.stringify(answer)}`);
  return answer.value;
}

async function instance(id: string): Promise<InstanceSnapshot | undefined> {
  return (await snapshot()).instances.find((i) => i.id === id);
}

const pidOf = async (id: string) => {
  const state = (await instance(id))?.state;
  return state && 'pid' in state ? state.pid : null;
};

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test('opens the project from the command line, scales a type, restarts an instance and shows a crash', async () => {
  await expect(page).toHaveURL(/^app:\/\/procdeck\//);
  for (const name of ['web', 'worker', 'bad'])
    await expect(page.getByRole('region', { name, exact: true })).toBeVisible();

  const slider = page.getByRole('slider', { name: 'Scale worker' });
  await slider.focus();
  await slider.press('ArrowRight');
  await slider.press('ArrowRight');
  await expect(page.getByRole('row', { name: 'worker.3', exact: true })).toContainText('ready');
  const workers = (await snapshot()).instances.filter((i) => i.type === 'worker' && i.state.kind === 'ready');
  expect(workers).toHaveLength(3);
  for (const worker of workers) expect(alive((worker.state as { pid: number }).pid)).toBe(true);

  const before = await pidOf('web.1');
  expect(before).not.toBeNull();
  await page.getByRole('button', { name: 'Restart web.1', exact: true }).click();
  await expect
    .poll(async () => {
      const after = await pidOf('web.1');
      return after !== null && after !== before && (await instance('web.1'))?.state.kind === 'ready';
    })
    .toBe(true);
  expect(alive(before!)).toBe(false);

  await expect(page.getByRole('row', { name: 'bad.1', exact: true })).toContainText('crashed');
  const bad = await instance('bad.1');
  expect(bad?.state.kind === 'crashed' && bad.state.exit).toEqual({ kind: 'code', code: 3 });
});

test('runs the page sandboxed, isolated, with the contract API only and a strict CSP', async () => {
  // The options themselves are asserted by test/electron/window-factory.test.ts; here, their effect.
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  expect(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
  expect(await page.evaluate(() => Object.keys((window as unknown as { procdeck: object }).procdeck).sort())).toEqual([
    'call',
    'dropFiles',
    'onEvent',
  ]);
  const csp = await page.evaluate(async () =>
    (await fetch('app://procdeck/index.html')).headers.get('content-security-policy'),
  );
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
  await page.evaluate(() => {
    window.location.href = 'https://example.com/';
  });
  await expect(page).toHaveURL(/^app:\/\/procdeck\//);
  expect(app.windows()).toHaveLength(1);
});

test('lets the page write to the clipboard (Copy), and nothing more (issue 15, item 3)', async () => {
  await page.bringToFront();
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  expect(
    await page.evaluate(() =>
      navigator.clipboard.writeText('procdeck copy').then(
        () => 'written',
        (e: unknown) => String(e),
      ),
    ),
  ).toBe('written');
  expect(
    await page.evaluate(() =>
      navigator.clipboard.readText().then(
        () => 'read',
        (e: unknown) => String(e),
      ),
    ),
  ).not.toBe('read');
  // A File made in the page has no path: handing it over opens nothing (issue 15, item 2).
  await page.evaluate(() =>
    (window as unknown as { procdeck: { dropFiles(f: unknown[]): Promise<void> } }).procdeck.dropFiles([
      new File(['x'], 'Procfile'),
    ]),
  );
  expect(app.windows()).toHaveLength(1);
});

test('quitting stops every process of the formation', async () => {
  const pids = (await snapshot()).instances.flatMap((i) =>
    'pid' in i.state && i.state.kind !== 'stopping' ? [i.state.pid] : [],
  );
  expect(pids.length).toBeGreaterThanOrEqual(4);
  await app.close();
  for (const pid of pids) await expect.poll(() => alive(pid), { timeout: 15_000 }).toBe(false);
});
