/**
 * The dashboard against `procdeck serve` on test/e2e/fixtures/basic: four types (web,
 * worker, crasher, repl) of real processes, base PORT 7100.
 *
 * The tests run in order on one page and one formation, as a user would use it.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import {
  dragSlider,
  expectNoFixtureProcesses,
  expectTerminalLine,
  hoverTerminalLink,
  row,
  rowPid,
  rowState,
  screenshot,
  terminalLines,
  terminalTextPoint,
} from './support/dashboard';
import { environOf, isAlive, waitUntil } from './support/processes';
import { FIXTURES, startServe, type Served } from './support/serve';

const BASE_PORT = 7100;
/** Foreman's rule: base + 100 × Procfile position + instance − 1. */
const portOf = (typeIndex: number, instance: number) => BASE_PORT + 100 * typeIndex + instance - 1;

test.describe.configure({ mode: 'serial' });

let served: Served;
let page: Page;
/** Errors the page logged, CSP violations included. */
const pageErrors: string[] = [];

test.beforeAll(async ({ browser }) => {
  served = await startServe({ dir: join(FIXTURES, 'basic'), args: ['-p', String(BASE_PORT)] });
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
  });
  await page.goto(served.url);
});

test.afterAll(async () => {
  await page?.close();
  await served?.stop();
  await expectNoFixtureProcesses();
});

test('shows one pane per process type, in Procfile order, with the Procfile warning', async () => {
  for (const name of ['web', 'worker', 'crasher', 'repl'])
    await expect(page.getByRole('region', { name, exact: true })).toBeVisible();
  const order = await page
    .locator('.types > section')
    .evaluateAll((sections) => sections.map((s) => s.getAttribute('aria-label')));
  expect(order).toEqual(['web', 'worker', 'crasher', 'repl']);
  await expect(rowState(page, 'web.1')).toHaveText('ready');
  await expect(rowState(page, 'worker.1')).toHaveText('ready');
  await expect(page.getByRole('region', { name: 'Problems' })).toContainText('Procfile:6');
  await expectTerminalLine(page, 'merged', /^web\.1\s+\| hello from web\.1 PORT=7100/);
  await screenshot(page, 'dashboard');
});

test('dragging Scale worker from 1 to 3 runs three real processes whose PORTs follow the rule', async () => {
  await dragSlider(page, page.getByRole('slider', { name: 'Scale worker' }), 3);
  for (const id of ['worker.1', 'worker.2', 'worker.3']) await expect(rowState(page, id)).toHaveText('ready');
  for (const n of [1, 2, 3]) {
    const id = `worker.${n}`;
    const pid = await rowPid(page, id);
    expect(pid, `${id} shows a pid`).not.toBeNull();
    expect(isAlive(pid as number), `${id}'s pid ${pid} is in the process table`).toBe(true);
    const env = environOf(pid as number);
    expect(env.PS).toBe(id);
    expect(Number(env.PORT)).toBe(portOf(1, n));
    await expect(row(page, id).locator('td').nth(3)).toHaveText(String(portOf(1, n)));
  }
  // The process says so itself, in its own terminal.
  await page.getByRole('button', { name: 'worker.3', exact: true }).click();
  await expectTerminalLine(page, 'instance:worker.3', new RegExp(`hello from worker\\.3 PORT=${portOf(1, 3)}`));
  await expect(page.locator('.type-pane[aria-label="worker"] .ports')).toHaveText(
    `PORT ${portOf(1, 1)}–${portOf(1, 3)}`,
  );
  await screenshot(page, 'scaled-worker');
});

test('scaling worker back to 1 (keyboard) ends the extra processes', async () => {
  const extra = [await rowPid(page, 'worker.2'), await rowPid(page, 'worker.3')] as number[];
  const slider = page.getByRole('slider', { name: 'Scale worker' });
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await expect(row(page, 'worker.3')).toHaveCount(0);
  await page.keyboard.press('ArrowLeft');
  await expect(row(page, 'worker.2')).toHaveCount(0);
  await expect(slider).toHaveValue('1');
  await expect(rowState(page, 'worker.1')).toHaveText('ready');
  await waitUntil(() => extra.every((pid) => !isAlive(pid)), `pids ${extra.join(', ')} are gone`);
});

test('Restart web.1 gives it a new pid', async () => {
  const before = await rowPid(page, 'web.1');
  expect(before).not.toBeNull();
  await page.getByRole('button', { name: 'Restart web.1', exact: true }).click();
  await expect.poll(() => rowPid(page, 'web.1')).not.toBe(before);
  await expect.poll(() => rowPid(page, 'web.1')).not.toBeNull();
  await expect(rowState(page, 'web.1')).toHaveText(/starting|ready/);
  const after = (await rowPid(page, 'web.1')) as number;
  expect(isAlive(after)).toBe(true);
  await waitUntil(() => !isAlive(before as number), `the old pid ${before} is gone`);
  await expect(row(page, 'web.1').locator('td').nth(5)).toHaveText('1');
});

test('a process that exits 3 shows a crashed row and a crash panel with code 3 and its last line', async () => {
  await expect(rowState(page, 'crasher.1')).toHaveText('crashed');
  await expect(row(page, 'crasher.1')).toContainText('code 3');
  await expect(page).toHaveTitle(/\(1 crashed\) basic/);
  await page.getByRole('button', { name: 'crasher.1', exact: true }).click();
  const panel = page.getByRole('region', { name: 'Crash of crasher.1' });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('exit code 3');
  await expect(panel.getByLabel('Last output of crasher.1')).toContainText('fatal: the disk is on fire');
  await expect(panel.getByRole('button', { name: 'Restart crasher.1' })).toBeVisible();
  await screenshot(page, 'crash-panel');
});

test('typing into a PTY instance reaches the process, which echoes it', async () => {
  await page.getByRole('button', { name: 'repl.1', exact: true }).click();
  await expectTerminalLine(page, 'instance:repl.1', /echo ready/);
  await page.getByRole('group', { name: 'Terminal repl.1' }).click();
  await page.keyboard.type('hello procdeck');
  await page.keyboard.press('Enter');
  await expectTerminalLine(page, 'instance:repl.1', /^you typed: hello procdeck$/);
});

test('search finds a line in the terminal', async () => {
  await page.getByRole('button', { name: 'web.1', exact: true }).click();
  await expectTerminalLine(page, 'instance:web.1', /visit http:\/\/127\.0\.0\.1:7100\//);
  const search = page.getByRole('searchbox', { name: 'Search output' });
  await search.fill('visit http');
  // Once before the restart, once after it: the instance terminal keeps both runs.
  await expect(page.locator('.search-results')).toHaveText(/^[12] of 2$/);
  await search.fill('no such text anywhere');
  await expect(page.locator('.search-results')).toHaveText('no match');
  await search.fill('tick 1');
  await search.press('Enter');
  await expect(page.locator('.search-results')).toHaveText(/\d+ of \d+/);
  await screenshot(page, 'search');
  await search.fill('');
});

test('links in the output open only on a click, only http(s), in a new context', async () => {
  await page.getByRole('button', { name: 'web.1', exact: true }).click();
  await expectTerminalLine(page, 'instance:web.1', /^links: a file link a script link a web link$/);
  const view = 'instance:web.1';
  // web.1 ticks every second: once its screen is full, each tick moves every line up a row,
  // between finding a link and clicking it. Hold the view at its top, where the links are.
  const follow = page.getByRole('button', { name: 'Follow output' });
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  const screenBox = await page.locator(`.terminal-view[data-view="${view}"] .xterm-screen`).boundingBox();
  if (!screenBox) throw new Error('no terminal screen');
  await page.mouse.move(screenBox.x + screenBox.width / 2, screenBox.y + screenBox.height / 2);
  await expect(async () => {
    await page.mouse.wheel(0, -100_000);
    await terminalTextPoint(page, view, 'a web link'); // throws while it is off the screen
  }).toPass({ timeout: 10_000 });
  const clickAt = async (point: { x: number; y: number }) => {
    await page.mouse.move(point.x - 3, point.y);
    await page.mouse.move(point.x, point.y);
    await page.mouse.click(point.x, point.y);
  };
  // Record what the page asks to open (the browser would also refuse file: and javascript:
  // on its own; the app must not even ask).
  await page.evaluate(() => {
    const w = window as unknown as { __opened: string[] };
    const original = window.open.bind(window);
    w.__opened = [];
    window.open = (...args: Parameters<typeof window.open>) => {
      w.__opened.push(String(args[0]));
      return original(...args);
    };
  });
  // Nothing listens on the fixture's PORT; answer for it, so a page that opens has its URL.
  await page
    .context()
    .route('http://127.0.0.1:7100/**', (route) => route.fulfill({ body: 'fixture page', contentType: 'text/plain' }));
  const opened = page.context().waitForEvent('page');
  // file: and javascript: links are not links here: clicking them opens nothing…
  await clickAt(await terminalTextPoint(page, view, 'a file link', 3));
  await clickAt(await terminalTextPoint(page, view, 'a script link', 3));
  // …so the first page to open is the one from the plain http link clicked next.
  await clickAt(await hoverTerminalLink(page, view, 'http://127.0.0.1:7100/', 10));
  const popup = await opened;
  await popup.waitForLoadState();
  expect(popup.url()).toBe('http://127.0.0.1:7100/');
  expect(await popup.evaluate(() => window.opener)).toBeNull();
  await popup.close();
  // An OSC 8 link to http(s) opens, after a click.
  const second = page.context().waitForEvent('page');
  await clickAt(await hoverTerminalLink(page, view, 'a web link', 3));
  const osc8 = await second;
  await osc8.waitForLoadState();
  expect(osc8.url()).toBe('http://127.0.0.1:7100/osc8');
  await osc8.close();
  await page.context().unrouteAll();
  expect(page.context().pages()).toHaveLength(1);
  expect(await page.evaluate(() => (window as unknown as { __opened: string[] }).__opened)).toEqual([
    'http://127.0.0.1:7100/',
    'http://127.0.0.1:7100/osc8',
  ]);
  await follow.click(); // following again, as the tests after this one expect
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
});

test('the terminal follows the pane: the PTY is resized to fit it', async () => {
  await page.getByRole('button', { name: 'web.1', exact: true }).click();
  const sizes = async () =>
    (await terminalLines(page, 'instance:web.1'))
      .map((l) => /^web\.1 size (\d+)x(\d+)$/.exec(l))
      .filter((m) => m !== null)
      .map((m) => Number(m[1]));
  await expect.poll(async () => (await sizes()).length).toBeGreaterThan(0);
  const wide = (await sizes()).at(-1) as number;
  await page.setViewportSize({ width: 1100, height: 800 });
  await expect.poll(async () => (await sizes()).at(-1)).toBeLessThan(wide);
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(async () => (await sizes()).at(-1)).toBe(wide);
});

test('a reload of the page reattaches and replays the output', async () => {
  const beforeReload = await terminalLines(page, 'merged');
  expect(beforeReload.some((l) => /hello from web\.1/.test(l))).toBe(true);
  await page.reload();
  await expect(rowState(page, 'web.1')).toHaveText('ready');
  await expectTerminalLine(page, 'merged', /^web\.1\s+\| hello from web\.1 PORT=7100/);
  await expectTerminalLine(page, 'merged', /^crasher\.1\s+\| fatal: the disk is on fire/);
  // New output keeps coming after the replay.
  const ticks = async () => (await terminalLines(page, 'merged')).filter((l) => /web\.1 tick/.test(l)).length;
  const now = await ticks();
  await expect.poll(ticks).toBeGreaterThan(now);
});

test('the layout holds at 1024×700 and in the light theme', async () => {
  await page.setViewportSize({ width: 1024, height: 700 });
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.getByRole('button', { name: 'Restart all' })).toBeVisible();
  await expect(page.getByRole('slider', { name: 'Scale web' })).toBeVisible();
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await screenshot(page, 'light-1024x700');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('the page logged no errors and broke no Content-Security-Policy rule', () => {
  expect(pageErrors).toEqual([]);
});
