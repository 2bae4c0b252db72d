/**
 * Export… in the dashboard, through `procdeck serve` in Chromium: the live formation (a
 * slider just moved) previewed per format, by keyboard, and downloaded as a zip that
 * holds exactly what `procdeck export` writes for the same formation.
 */
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rowPid, rowState, screenshot } from './support/dashboard';
import { isAlive, waitUntil } from './support/processes';
import { REPO, startServe, type Served } from './support/serve';

test.describe.configure({ mode: 'serial' });

let served: Served;
let page: Page;
let root: string;
let project: string;
const pids: number[] = [];

test.beforeAll(async ({ browser }) => {
  root = mkdtempSync(join(tmpdir(), 'procdeck-e2e-export-'));
  project = join(root, 'fixture');
  cpSync(join(REPO, 'test/export/fixture'), project, { recursive: true });
  mkdirSync(join(project, 'out'));
  served = await startServe({ dir: project });
  page = await browser.newPage();
  await page.goto(served.url);
});

test.afterAll(async () => {
  await page?.close();
  await served?.stop();
  // Every instance the dashboard ran is gone, by pid.
  await waitUntil(() => pids.every((pid) => !isAlive(pid)), 'every fixture instance to be gone');
  rmSync(root, { recursive: true, force: true });
});

test('exports the live formation: a slider moved by keyboard shows up in the preview', async () => {
  for (const id of ['web.1', 'worker.1', 'clock_1.1']) await expect(rowState(page, id)).toHaveText('ready');
  await page.getByRole('slider', { name: 'Scale web' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(rowState(page, 'web.2')).toHaveText('ready');
  for (const id of ['web.1', 'web.2', 'worker.1', 'clock_1.1']) pids.push((await rowPid(page, id)) as number);

  const opener = page.getByRole('button', { name: 'Export…' });
  await opener.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Export the formation' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('As it runs now: web=2, worker=1, clock_1=1');
  await expect(dialog.getByRole('status')).toHaveText('8 files for fixture');
  await dialog.getByRole('combobox', { name: 'File' }).selectOption('fixture-web.2.service');
  const preview = dialog.getByLabel('Contents of fixture-web.2.service');
  await expect(preview).toContainText('Environment="PS=web.2"');
  await expect(preview).toContainText('Environment="PORT=5001"');
  await expect(preview).toContainText(
    'Environment="DATABASE_URL=postgres://app:p%%40ss:w0rd@db.example.com:5432/app?sslmode=require"',
  );
  // The dashboard's default exit policy is keep: not restarted.
  await expect(preview).toContainText('Restart=no');
  await expect(dialog.getByLabel('Notes')).toContainText('web, worker, clock_1: exit policy keep, so not restarted');
  await expect(dialog.getByLabel('Install commands')).toContainText('sudo systemctl enable --now fixture.target');
  await screenshot(page, 'export-dialog');
});

test('switches format and downloads a zip identical to procdeck export for the same formation', async () => {
  const dialog = page.getByRole('dialog', { name: 'Export the formation' });
  await dialog.getByRole('combobox', { name: 'Format' }).selectOption('kubernetes');
  await expect(dialog.getByRole('status')).toHaveText('7 files for fixture');
  await dialog.getByRole('combobox', { name: 'File' }).selectOption('web-deployment.yaml');
  await expect(dialog.getByLabel('Contents of web-deployment.yaml')).toContainText('replicas: 2');
  await expect(dialog.getByLabel('Notes')).toContainText('Secret fixture-secret: DATABASE_URL, SECRET_KEY, API_TOKEN');
  await expect(dialog.getByLabel('Install commands')).toHaveText(
    'kubectl apply -k fixture-kubernetes\nkubectl get deployments -l app.kubernetes.io/name=fixture',
  );

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download fixture-kubernetes.zip' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('fixture-kubernetes.zip');
  const zip = join(root, 'export.zip');
  await download.saveAs(zip);
  const script =
    'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nassert z.testzip() is None\nprint(json.dumps({i.filename: z.read(i).decode("utf-8") for i in z.infolist()}))';
  const entries = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, zip], { encoding: 'utf8' })) as Record<
    string,
    string
  >;

  const cli = join(root, 'cli');
  execFileSync(
    process.execPath,
    [join(REPO, 'bin/procdeck.js'), 'export', 'kubernetes', cli, '-d', project, '-m', 'web=2,worker=1,clock_1=1'],
    { stdio: 'pipe' },
  );
  const expected = Object.fromEntries(
    readdirSync(cli)
      .filter((n) => !n.startsWith('.'))
      .map((n) => [`fixture-kubernetes/${n}`, readFileSync(join(cli, n), 'utf8')]),
  );
  expect(entries).toEqual(expected);
});

test('closes on Escape and gives the focus back to Export…', async () => {
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Export the formation' })).toBeHidden();
  await expect(page.getByRole('button', { name: 'Export…' })).toBeFocused();
});
