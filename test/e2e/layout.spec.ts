/**
 * A window of any size, and the keyboard, on the basic fixture (four types, a crashed
 * instance with its panel open), one page and one formation for all the tests, in order:
 * - at 700, 1024 and 1600 px wide nothing is cut off (support/overflow.ts), with a
 *   screenshot of each as an artifact (test-results/screens/layout-*.png);
 * - the shortcuts do what the ? dialog says, and never while a terminal takes the keys.
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import {
  expectNoFixtureProcesses,
  expectTerminalLine,
  rowPid,
  rowState,
  screenshot,
  terminalLines,
} from './support/dashboard';
import { overflowProblems } from './support/overflow';
import { FIXTURES, startServe, type Served } from './support/serve';

test.describe.configure({ mode: 'serial' });

let served: Served;
let page: Page;

test.beforeAll(async ({ browser }) => {
  served = await startServe({ dir: join(FIXTURES, 'basic'), args: ['-p', '8700', '-m', 'all=1,web=2,worker=2'] });
  page = await browser.newPage();
  await page.goto(served.url);
  await expect(rowState(page, 'web.2')).toHaveText('ready');
  // The crasher's panel is the widest thing the page shows: open it.
  await expect(rowState(page, 'crasher.1')).toHaveText('crashed');
  await page.getByRole('button', { name: 'crasher.1', exact: true }).click();
  await expect(page.locator('.crash-panel')).toBeVisible();
});

test.afterAll(async () => {
  await page?.close();
  await served?.stop();
  await expectNoFixtureProcesses();
});

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  if (!found) throw new Error(`${selector} is not on screen`);
  return found;
}

for (const [width, height, arrangement] of [
  [700, 760, 'stacked'],
  [1024, 768, 'side by side'],
  [1600, 900, 'side by side'],
] as const) {
  test(`${width} px wide: nothing cut off, panes and terminal ${arrangement}`, async () => {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => new Promise(requestAnimationFrame));
    await expect(page.getByRole('button', { name: 'Keyboard shortcuts' })).toBeVisible();

    const types = await box(page, '.types');
    const viewer = await box(page, '.viewer');
    if (arrangement === 'stacked') {
      expect(viewer.y).toBeGreaterThanOrEqual(types.y + types.height - 1);
      expect(viewer.width).toBeGreaterThan(width * 0.9);
    } else {
      expect(viewer.x).toBeGreaterThanOrEqual(types.x + types.width - 1);
    }
    expect(await overflowProblems(page)).toEqual([]);
    await screenshot(page, `layout-${width}`);

    // The project bar's popover and the shortcuts dialog fit too.
    await page.getByText('Open…', { exact: true }).click();
    expect(await overflowProblems(page)).toEqual([]);
    await page.getByText('Open…', { exact: true }).click();
    await page.getByRole('button', { name: 'Keyboard shortcuts' }).click();
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    expect(await overflowProblems(page)).toEqual([]);
    await screenshot(page, `layout-${width}-shortcuts`);
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeHidden();
  });
}

const selected = (id: string) => page.getByRole('button', { name: id, exact: true });
const blur = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

test('shortcuts: j/k move, s stops, Enter starts, r restarts, f holds, t shows times, Ctrl+K clears, / searches, ? helps', async () => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('button', { name: 'All output' }).click();
  await blur();
  // Acting keys need an instance on screen: the merged view says so instead of guessing.
  await page.keyboard.press('s');
  await expect(page.getByText('Pick an instance first')).toBeVisible();
  // f holds the view still and follows again (with or without scrollback yet: follow.spec.ts).
  const follow = page.getByRole('button', { name: 'Follow output' });
  await page.keyboard.press('f');
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  await page.keyboard.press('f');
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  // t shows arrival times and hides them again (what they show: timestamps.spec.ts).
  const timestamps = page.getByRole('button', { name: 'Timestamps' });
  await page.keyboard.press('t');
  await expect(timestamps).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('t');
  await expect(timestamps).toHaveAttribute('aria-pressed', 'false');

  await page.keyboard.press('j');
  await expect(selected('web.1')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('ArrowDown');
  await expect(selected('web.2')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('k');
  await expect(selected('web.1')).toHaveAttribute('aria-pressed', 'true');

  await page.keyboard.press('s');
  await expect(rowState(page, 'web.1')).toHaveText('stopped');
  await page.keyboard.press('Enter');
  await expect(rowState(page, 'web.1')).toHaveText('ready');
  const before = await rowPid(page, 'web.1');
  await page.keyboard.press('r');
  await expect
    .poll(async () => {
      const after = await rowPid(page, 'web.1');
      return after !== null && after !== before;
    })
    .toBe(true);
  // The first run, the one Enter started and the one r started, each said hello.
  const hellos = async () =>
    (await terminalLines(page, 'instance:web.1')).filter((l) => l.startsWith('hello from web.1')).length;
  await expect.poll(hellos).toBe(3);

  await page.keyboard.press('Control+k');
  await expect
    .poll(async () => (await terminalLines(page, 'instance:web.1')).some((l) => l.includes('hello from web.1')))
    .toBe(false);

  // In a field, keys are typed, not shortcuts.
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search output' });
  await expect(search).toBeFocused();
  await page.keyboard.type('jk');
  await expect(search).toHaveValue('jk');
  await expect(selected('web.1')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await blur();

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row')).toHaveCount(10);
  await page.keyboard.press('j'); // the dialog is modal: nothing behind it moves
  await expect(selected('web.1')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});

test('shortcuts never fire in a terminal that takes keys; they do in one that takes none', async () => {
  await selected('repl.1').click();
  const pid = await rowPid(page, 'repl.1');
  await page.locator('.terminal-view[data-view="instance:repl.1"]').click();
  await page.keyboard.type('jrsf');
  await page.keyboard.press('Control+k');
  await page.keyboard.press('Enter');
  await expectTerminalLine(page, 'instance:repl.1', /you typed: jrsf$/);
  await expect(selected('repl.1')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('button', { name: 'Follow output' })).toHaveAttribute('aria-pressed', 'true');
  expect(await rowPid(page, 'repl.1')).toBe(pid);
  await expect(rowState(page, 'repl.1')).toHaveText('ready');

  // The merged view sends keys nowhere: there j moves on.
  await page.getByRole('button', { name: 'All output' }).click();
  await page.locator('.terminal-view[data-view="merged"]').click();
  await page.keyboard.press('j');
  await expect(selected('web.1')).toHaveAttribute('aria-pressed', 'true');
});
