/**
 * Search all output, in Chromium through `procdeck serve`: five instances print thousands
 * of lines; the one line with a unique word is the only result and opens in its
 * instance's terminal; a regular expression with and without Match case; a marker that
 * has left its terminal's scrollback opens in the full log at its offset.
 *
 * One page for all of it: every page load replays every instance's output into the
 * merged view, which is most of this spec's time on a busy machine.
 */
import { expect, test, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectNoFixtureProcesses } from './support/dashboard';
import { waitUntil } from './support/processes';
import { FIXTURES, startServe, type Served } from './support/serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe({ dir: join(FIXTURES, 'search'), args: ['-m', 'chatter=3,needle=1,flood=1'] });
  // Every instance has written all its lines to its full log.
  await waitUntil(() => doneLogs(served.logDir) === 5, 'all five logs end with "done"', 20_000);
});

test.afterAll(async () => {
  await page?.close();
  await served?.stop(30_000);
  await expectNoFixtureProcesses();
});

function doneLogs(root: string): number {
  let n = 0;
  for (const project of readdirSync(root)) {
    for (const file of readdirSync(join(root, project))) {
      if (/ done\r?\n$/.test(readFileSync(join(root, project, file), 'utf8').slice(-40))) n++;
    }
  }
  return n;
}

async function search(page: Page, text: string): Promise<void> {
  const field = page.getByRole('searchbox', { name: 'Search all output' });
  await field.fill(text);
  await field.press('Enter');
  await expect(page.getByRole('region', { name: 'Search results' }).getByRole('status')).toContainText(/MiB in/);
}

test.describe.configure({ mode: 'serial' });

let page: Page;

test.beforeAll(async ({ browser }) => {
  page = await browser.newPage();
  await page.goto(served.url);
});

test('a unique word: only its instance is listed, and the result opens its terminal at the line', async () => {
  await page.keyboard.press('Control+Shift+F');
  await expect(page.getByRole('searchbox', { name: 'Search all output' })).toBeFocused();
  await search(page, 'zanzibar-quokka');
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.getByRole('region')).toHaveCount(1);
  const group = results.getByRole('region', { name: 'Matches in needle.1' });
  await expect(group).toContainText('1 line');
  await expect(group.locator('mark')).toHaveText('zanzibar-quokka');
  await group.getByRole('button', { name: /needle\.1 saw zanzibar-quokka once/ }).click();
  const terminal = page.getByRole('group', { name: 'Terminal needle.1' });
  // Scrolled there: the line is on screen (the viewport's rows), 1500 lines above the end.
  await expect(terminal.locator('.xterm-rows')).toContainText('needle.1 saw zanzibar-quokka once');
  await expect(terminal.locator('.xterm-rows')).not.toContainText('needle.1 done');
});

test('a regular expression, ignoring case and then matching it', async () => {
  await page.getByRole('button', { name: '.*' }).click();
  await search(page, 'e\\d{2} in');
  const results = page.getByRole('region', { name: 'Search results' });
  await expect(results.getByRole('region', { name: 'Matches in needle.1' })).toContainText('2 lines');
  await expect(results.locator('mark')).toHaveText(['E42 in', 'e42 in']);

  await page.getByRole('button', { name: 'Match case' }).click();
  await search(page, 'e\\d{2} in');
  await expect(results.getByRole('region', { name: 'Matches in needle.1' })).toContainText('1 line');
  await expect(results.locator('mark')).toHaveText(['e42 in']);

  // A bad regular expression is refused with the reason, not searched.
  await page.getByRole('searchbox', { name: 'Search all output' }).fill('(unclosed');
  await page.getByRole('searchbox', { name: 'Search all output' }).press('Enter');
  await expect(results.getByRole('status')).toContainText('not a regular expression');
});

test('a line no longer in its terminal opens in the full log at its offset', async () => {
  await page.getByRole('button', { name: 'Match case' }).click();
  await page.getByRole('button', { name: '.*' }).click();
  await search(page, 'ancient-marker');
  const group = page.getByRole('region', { name: 'Matches in flood.1' });
  await expect(group).toContainText('1 line');
  await group.getByRole('button', { name: /ancient-marker/ }).click();
  const excerpt = page.getByRole('region', { name: 'Full log of flood.1' });
  await expect(excerpt).toContainText('no longer in the terminal');
  await expect(excerpt.locator('[aria-current="true"]')).toHaveText('flood.1 ancient-marker written first');
  await expect(excerpt.locator('[aria-current="true"] mark')).toHaveText('ancient-marker');
  await expect(excerpt.locator('[aria-current="true"]')).toBeInViewport();
});
