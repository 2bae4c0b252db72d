/**
 * 20 process types × 10 instances (200 real processes): every pane and row is there,
 * the merged view carries all of them, and the page still answers clicks at once.
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { expectNoFixtureProcesses, expectTerminalLine, rowState, screenshot } from './support/dashboard';
import { installClickProbe, measuredClick, type Click } from './support/click-probe';
import { FIXTURES, startServe, type Served } from './support/serve';

let served: Served;

test.beforeAll(async () => {
  served = await startServe({ dir: join(FIXTURES, 'many'), args: ['-m', 'all=10', '-t', '2'] });
});

test.afterAll(async () => {
  await served?.stop(30_000);
  await expectNoFixtureProcesses();
});

test('20 types × 10 instances: all shown, all streaming, still quick to use', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(served.url);
  await expect(page.locator('.types > section')).toHaveCount(20);
  await expect(page.locator('tr.instance')).toHaveCount(200);
  await expect(page.locator('tr.instance .state-label', { hasText: 'ready' })).toHaveCount(200, { timeout: 30_000 });
  await expect(page.getByRole('status', { name: 'Summary' })).toContainText('200 running');
  // The merged view has every instance's first line, including the last one's.
  await expectTerminalLine(page, 'instance:admin.10', /^admin\.10 ready on port 6909$/);
  await expectTerminalLine(page, 'merged', /^admin\.10\s+\| admin\.10 ready on port 6909$/);

  // The last pane is reachable, and selecting its last instance is quick.
  await installClickProbe(page);
  const clicks: Click[] = [];
  await page.getByRole('button', { name: 'admin.10', exact: true }).scrollIntoViewIfNeeded();
  await measuredClick(page, 'admin.10', clicks);
  await measuredClick(page, 'All output', clicks);
  await measuredClick(page, 'admin.10', clicks);
  await expectTerminalLine(page, 'instance:admin.10', /ready on port 6909/);
  await screenshot(page, 'many-types');

  // Scaling one type down among 200 instances touches only that type.
  await page.getByRole('slider', { name: 'Scale admin' }).focus();
  await page.keyboard.press('Home');
  await expect(page.locator('.type-pane[aria-label="admin"] tr.instance')).toHaveCount(0);
  await expect(page.locator('tr.instance')).toHaveCount(190);
  await expect(rowState(page, 'web.1')).toHaveText('ready');
  const report = JSON.stringify(
    clicks.map((c) => ({ what: c.what, handledMs: Math.round(c.handledMs), paintedMs: Math.round(c.paintedMs) })),
  );
  console.log(`many: click latency among 200 rows: ${report}`);
  test.info().annotations.push({ type: 'click latency among 200 rows', description: report });
});
