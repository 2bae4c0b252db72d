/**
 * Readiness in the dashboard, against `procdeck serve` on test/e2e/fixtures/readiness: web
 * starts `after` db, and db listens on its PORT only once this spec creates its gate file.
 * The waiting reason links to db.1, db's row shows the ready badge, and a stopped db marks
 * the still-running web "dependency down" (web's type does not cascade).
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectNoFixtureProcesses, row, rowState } from './support/dashboard';
import { FIXTURES, startServe, type Served } from './support/serve';

const BASE_PORT = 17_000 + 100 * Math.floor(Math.random() * 200);
const DB_PORT = BASE_PORT + 100;

test.describe.configure({ mode: 'serial' });

let served: Served;
let page: Page;
let scratch: string;
const pageErrors: string[] = [];

test.beforeAll(async ({ browser }) => {
  scratch = mkdtempSync(join(tmpdir(), 'procdeck-e2e-readiness-'));
  served = await startServe({
    dir: join(FIXTURES, 'readiness'),
    args: ['-p', String(BASE_PORT)],
    env: { READINESS_GATE: join(scratch, 'open') },
  });
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  await page.goto(served.url);
});

test.afterAll(async () => {
  await page?.close();
  await served?.stop();
  rmSync(scratch, { recursive: true, force: true });
  await expectNoFixtureProcesses();
});

test('a waiting instance says what it waits for, and the reason links to the blocking instance', async () => {
  await expect(rowState(page, 'web.1')).toHaveText('waiting');
  await expect(row(page, 'web.1').locator('.waiting-reason')).toHaveText(`· not listening on ${DB_PORT} yet`);
  const link = row(page, 'web.1').getByRole('button', { name: 'db.1', exact: true });
  await expect(link).toHaveAttribute('title', 'Show db.1 (web.1 waits for it)');
  await link.click();
  const dbName = row(page, 'db.1').locator('.instance-name');
  await expect(dbName).toHaveAttribute('aria-pressed', 'true');
  await expect(dbName).toBeFocused();
  await expect(row(page, 'web.1').locator('.instance-name')).toHaveAttribute('aria-pressed', 'false');
});

test('once db listens, its row shows the ready badge and web starts', async () => {
  writeFileSync(join(scratch, 'open'), '');
  const badge = row(page, 'db.1').locator('.ready-badge');
  await expect(badge).toHaveText('ready');
  await expect(badge).toHaveAttribute(
    'title',
    new RegExp(`^db\\.1 ready after \\d+\\.\\d s \\(listening on ${DB_PORT}\\)$`),
  );
  await expect(row(page, 'web.1').locator('.ready-badge')).toHaveText('ready');
  await expect(row(page, 'web.1').getByRole('note')).toHaveCount(0);
});

test('a stopped db marks the running web "dependency down", linking to db.1, until db is ready again', async () => {
  await row(page, 'web.1').locator('.instance-name').click();
  await row(page, 'db.1').getByRole('button', { name: 'Stop db.1' }).click();
  await expect(rowState(page, 'db.1')).toHaveText('stopped');
  const mark = row(page, 'web.1').getByRole('note', { name: 'Dependency down: db.1' });
  await expect(mark).toHaveText('⚠ dependency down: db.1');
  await expect(rowState(page, 'web.1')).toHaveText('ready');
  await mark.getByRole('button', { name: 'db.1', exact: true }).click();
  await expect(row(page, 'db.1').locator('.instance-name')).toHaveAttribute('aria-pressed', 'true');

  await row(page, 'db.1').getByRole('button', { name: 'Restart db.1' }).click();
  await expect(row(page, 'db.1').locator('.ready-badge')).toHaveText('ready');
  await expect(mark).toHaveCount(0);
  expect(pageErrors).toEqual([]);
});
