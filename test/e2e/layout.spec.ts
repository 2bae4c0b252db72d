/**
 * A window of any size: the dashboard at 700, 1024 and 1600 px wide on the basic fixture
 * (four types, a crashed instance with its panel open), checked for anything cut off, with a
 * screenshot of each as an artifact (test-results/screens/layout-*.png).
 */
import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { expectNoFixtureProcesses, rowState, screenshot } from './support/dashboard';
import { overflowProblems } from './support/overflow';
import { FIXTURES, startServe, type Served } from './support/serve';

test.describe.configure({ mode: 'serial' });

let served: Served;
let page: Page;

test.beforeAll(async ({ browser }) => {
  served = await startServe({ dir: join(FIXTURES, 'basic'), args: ['-p', '8700', '-m', 'all=1,web=2,worker=2'] });
  page = await browser.newPage();
  await page.goto(served.url);
  await expect(rowState(page, 'web.2')).toHaveText(/running|ready/);
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
