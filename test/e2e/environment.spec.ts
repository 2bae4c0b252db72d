/**
 * The Environment tab and editor links through `procdeck serve`, on a project made in a
 * temporary folder (its `.env` is edited here): `.env` origins with the overridden line, a
 * secret masked until revealed, an edited `.env` flagged with a restart that clears it, and
 * a `src/app.js:2:5` reference opening in the "editor" (a recording script named `code`,
 * so the line arrives as VS Code's `--goto`), never a real one.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectNoFixtureProcesses, expectTerminalLine, hoverTerminalLink, row } from './support/dashboard';
import { waitUntil } from './support/processes';
import { startServe, type Served } from './support/serve';

test.describe.configure({ mode: 'serial' });

const dir = mkdtempSync(join(tmpdir(), 'procdeck-e2e-env-'));
const editorLog = join(dir, 'editor.log');
let served: Served;
let page: Page;

test.beforeAll(async ({ browser }) => {
  writeFileSync(join(dir, 'Procfile'), 'web: echo "boom at src/app.js:2:5"; exec sleep 1000\n');
  writeFileSync(join(dir, '.env'), 'GREETING=hello\nAPI_TOKEN=tok-secret-1\nGREETING=hi\n');
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.js'), '// one\nthrow new Error("two");\n');
  mkdirSync(join(dir, 'bin'));
  const editor = join(dir, 'bin', 'code');
  writeFileSync(editor, `#!/bin/sh\nprintf '%s\\n' "$@" >> '${editorLog}'\n`);
  chmodSync(editor, 0o755);
  served = await startServe({ dir, args: ['-p', '7600'], env: { VISUAL: editor } });
  page = await browser.newPage();
  await page.goto(served.url);
  await row(page, 'web.1').getByRole('button', { name: 'web.1', exact: true }).click();
});

test.afterAll(async () => {
  await page?.close();
  await served?.stop();
  await expectNoFixtureProcesses();
});

test('the Environment tab lists the variables with their .env origins and masks a secret until revealed', async () => {
  await page.getByRole('tab', { name: 'Environment' }).click();
  const view = page.getByRole('region', { name: 'Environment of web.1' });
  await expect(view).toBeVisible();
  const greeting = view.getByRole('row', { name: 'GREETING', exact: true });
  await expect(greeting).toContainText('hi');
  await expect(greeting).toContainText('.env:3');
  await expect(greeting.getByRole('list', { name: 'Overridden definitions of GREETING' })).toHaveText(
    'overrides .env:1: hello',
  );
  await expect(view.getByRole('row', { name: 'PORT', exact: true })).toContainText('Procdeck (PORT)');
  const token = view.getByLabel('Value of API_TOKEN');
  await expect(token).toHaveText('••••••••');
  await expect(view).not.toContainText('tok-secret-1');
  await view.getByRole('button', { name: 'Reveal API_TOKEN' }).click();
  await expect(token).toHaveText('tok-secret-1');
});

test('an edited .env is flagged with the variables that differ, and the offered restart clears it', async () => {
  writeFileSync(join(dir, '.env'), 'GREETING=changed\nAPI_TOKEN=tok-secret-1\n');
  const view = page.getByRole('region', { name: 'Environment of web.1' });
  const changed = view.getByRole('status', { name: 'Environment changed since start' });
  await expect(changed).toContainText('GREETING (hi → changed)');
  await changed.getByRole('button', { name: 'Restart web.1 with the new environment' }).click();
  await expect(view).toContainText('Run #2');
  await expect(changed).toHaveCount(0);
  await expect(view.getByRole('row', { name: 'GREETING', exact: true })).toContainText('.env:1');
});

test('a file:line reference in the terminal opens in the editor on a click, and only then', async () => {
  await page.getByRole('tab', { name: 'Terminal' }).click();
  await expectTerminalLine(page, 'instance:web.1', /boom at src\/app\.js:2:5/);
  const point = await hoverTerminalLink(page, 'instance:web.1', 'src/app.js:2:5', 3);
  expect(existsSync(editorLog)).toBe(false);
  await page.mouse.click(point.x, point.y);
  await waitUntil(() => existsSync(editorLog), 'the editor to be started');
  expect(readFileSync(editorLog, 'utf8')).toBe(`--goto\n${realpathSync(join(dir, 'src', 'app.js'))}:2:5\n`);
});
