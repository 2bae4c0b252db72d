/**
 * `procdeck serve` started without a project (and not in a Procfile folder): the page
 * offers an "Open project" field; a project with several Procfiles gets a switcher.
 */
import { expect, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoFixtureProcesses, expectTerminalLine, rowState, screenshot, terminalLines } from './support/dashboard';
import { FIXTURES, startServe, type Served } from './support/serve';

let served: Served;
let emptyDir: string;

test.beforeAll(async () => {
  emptyDir = mkdtempSync(join(tmpdir(), 'procdeck-e2e-empty-'));
  // The page may open the folder serve started in, and the fixtures (--allow-open).
  served = await startServe({ cwd: emptyDir, args: ['--allow-open', FIXTURES] });
});

test.afterAll(async () => {
  await served?.stop();
  rmSync(emptyDir, { recursive: true, force: true });
  await expectNoFixtureProcesses();
});

test('without a project the page offers "Open project", then opens one and switches Procfiles', async ({ page }) => {
  await page.goto(served.url);
  const field = page.getByRole('textbox', { name: 'Project folder' });
  await expect(field).toBeVisible();
  await screenshot(page, 'open-project');

  await field.fill('relative/path');
  await page.getByRole('button', { name: 'Open project' }).click();
  await expect(page.getByRole('alert')).toContainText('not an absolute path');

  await field.fill('/etc');
  await page.getByRole('button', { name: 'Open project' }).click();
  await expect(page.getByRole('alert')).toContainText('outside the folders this server may open');

  await field.fill(emptyDir);
  await page.getByRole('button', { name: 'Open project' }).click();
  await expect(page.getByRole('alert')).toContainText('Procfile');

  await field.fill(join(FIXTURES, 'variants'));
  await page.getByRole('button', { name: 'Open project' }).click();
  await expect(page.getByRole('region', { name: 'api', exact: true })).toBeVisible();
  await expect(rowState(page, 'api.1')).toHaveText('ready');
  await expect(page.getByRole('region', { name: 'assets', exact: true })).toHaveCount(0);

  const switcher = page.getByRole('combobox', { name: 'Procfile' });
  await expect(switcher).toHaveValue('Procfile');
  await switcher.selectOption('Procfile.dev');
  await expect(page.getByRole('region', { name: 'assets', exact: true })).toBeVisible();
  await expect(rowState(page, 'assets.1')).toHaveText('ready');
  await expect(rowState(page, 'api.1')).toHaveText('ready');
  const order = await page.locator('.types > section').evaluateAll((s) => s.map((e) => e.getAttribute('aria-label')));
  expect(order).toEqual(['api', 'assets']);
  // Both streams start afresh with the new project: nothing of them is lost or kept from before.
  await expectTerminalLine(page, 'merged', /^api\.1\s+\| hello from api\.1 PORT=5000/);
  await expectTerminalLine(page, 'merged', /^assets\.1\s+\| hello from assets\.1 PORT=5100/);
  const apiLines = await terminalLines(page, 'instance:api.1');
  expect(apiLines.filter((l) => /hello from api\.1/.test(l))).toHaveLength(1);
  expect(apiLines.join('\n')).not.toContain('no longer buffered');
  await screenshot(page, 'procfile-dev');
});
