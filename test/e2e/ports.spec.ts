/**
 * Ports and resources in the dashboard, against `procdeck serve` on test/e2e/fixtures/ports:
 * web listens on its PORT behind a shell, other ignores $PORT, worker listens on nothing,
 * and taken's PORT is held by a process this spec starts (posing as another Procdeck
 * formation's web.1) until the conflict offer stops it.
 */
import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { expectNoFixtureProcesses, row } from './support/dashboard';
import { FIXTURES, startServe, type Served } from './support/serve';

const BASE_PORT = 17_000 + 100 * Math.floor(Math.random() * 200);
const portOf = (typeIndex: number) => BASE_PORT + 100 * typeIndex;

test.describe.configure({ mode: 'serial' });

let served: Served;
let page: Page;
let holder: ChildProcess;
/** A render loop (a selector answering a new object each time) shows only here. */
const pageErrors: string[] = [];

test.beforeAll(async ({ browser }) => {
  holder = spawn(
    process.execPath,
    ['-e', `require('net').createServer().listen(${portOf(3)}, '127.0.0.1', () => console.log('held'))`],
    {
      env: { PATH: process.env.PATH ?? '', PS: 'web.1', PROCDECK_TAG: 'e2e-elsewhere/web.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await once(holder.stdout as NodeJS.ReadableStream, 'data');
  served = await startServe({ dir: join(FIXTURES, 'ports'), args: ['-p', String(BASE_PORT)] });
  page = await browser.newPage();
  page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
  await page.goto(served.url);
});

test.afterAll(async () => {
  holder?.kill('SIGKILL');
  await page?.close();
  await served?.stop();
  await expectNoFixtureProcesses();
});

test('each row links the ports its tree listens on, and warns when a type ignores $PORT', async () => {
  const web = row(page, 'web.1').getByRole('link', { name: String(portOf(0)) });
  await expect(web).toHaveAttribute('href', `http://localhost:${portOf(0)}/`);
  const other = row(page, 'other.1').getByRole('link', { name: String(portOf(1) + 50) });
  await expect(other).toHaveAttribute('href', `http://localhost:${portOf(1) + 50}/`);
  await expect(row(page, 'other.1').getByRole('note')).toHaveText(
    `⚠ other.1 ignores $PORT=${portOf(1)} and listens on ${portOf(1) + 50}`,
  );
  await expect(row(page, 'worker.1').getByLabel('Ports of worker.1')).toHaveText('—');
});

test('every running row shows CPU and memory, and each pane its totals', async () => {
  for (const id of ['web.1', 'other.1', 'worker.1']) {
    const cell = row(page, id).getByLabel(`Resources of ${id}`);
    await expect(cell.locator('.cpu')).toHaveText(/^\d+(\.\d)? %$/);
    await expect(cell.locator('.memory')).toHaveText(/^\d+(\.\d)? MB$/);
  }
  await expect(page.getByLabel('Resources of worker', { exact: true })).toHaveText(/^\d+(\.\d)? % · \d+(\.\d)? MB$/);
});

test('a taken PORT names its holder and offers to stop it; then the instance starts on it', async () => {
  const conflict = row(page, 'taken.1').getByRole('group', { name: 'Port conflict of taken.1' });
  await expect(row(page, 'taken.1')).toContainText(`PORT ${portOf(3)} is already taken by pid ${holder.pid}`);
  await conflict.getByRole('button', { name: `Stop pid ${holder.pid} (web.1)` }).click();
  await expect(row(page, 'taken.1').getByRole('link', { name: String(portOf(3)) })).toHaveAttribute(
    'href',
    `http://localhost:${portOf(3)}/`,
  );
  expect(holder.exitCode !== null || holder.signalCode !== null).toBe(true);
  expect(pageErrors).toEqual([]);
});
