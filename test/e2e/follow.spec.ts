/**
 * Holding a view that has no scrollback yet (a process that has printed less than a screen):
 * "f" holds it all the same, the output that follows does not move it, and "f" again jumps
 * to the newest line. (With scrollback, holding is a scroll of one line: layout.spec.ts.)
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoFixtureProcesses, expectTerminalLine, terminalScrollback } from './support/dashboard';
import { startServe, type Served } from './support/serve';

test.describe.configure({ mode: 'serial' });

const dir = mkdtempSync(join(tmpdir(), 'procdeck-e2e-follow-'));
let served: Served;
let page: Page;

test.beforeAll(async ({ browser }) => {
  // One line, then (when the test says so, by creating `go`) 300 more, then quiet.
  writeFileSync(
    join(dir, 'Procfile'),
    'burst: echo "first line"; while [ ! -e go ]; do sleep 0.05; done; seq -f "line %g" 1 300; exec sleep 1000\n',
  );
  served = await startServe({ dir, args: ['-p', '7800'] });
  page = await browser.newPage();
  await page.goto(served.url);
});

test.afterAll(async () => {
  await page?.close();
  await served?.stop();
  await expectNoFixtureProcesses();
});

const firstRow = () => page.locator('.terminal-view[data-view="instance:burst.1"] .xterm-rows > div').first();

test('a view held before it has scrollback stays where it was held while output arrives, and follows again', async () => {
  await page.getByRole('button', { name: 'burst.1', exact: true }).click();
  await expectTerminalLine(page, 'instance:burst.1', /^first line$/);
  expect(await terminalScrollback(page, 'instance:burst.1')).toBe(0);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const follow = page.getByRole('button', { name: 'Follow output' });
  await page.keyboard.press('f');
  await expect(follow).toHaveAttribute('aria-pressed', 'false');

  writeFileSync(join(dir, 'go'), '');
  await expectTerminalLine(page, 'instance:burst.1', /^line 300$/);
  await expect.poll(() => terminalScrollback(page, 'instance:burst.1')).toBeGreaterThan(0);
  // Held: the screen still starts at the first line, and the button still says so.
  await expect(firstRow()).toHaveText(/^first line\s*$/);
  await expect(follow).toHaveAttribute('aria-pressed', 'false');

  await page.keyboard.press('f');
  await expect(follow).toHaveAttribute('aria-pressed', 'true');
  await expect(firstRow()).not.toHaveText(/^first line\s*$/);
});
