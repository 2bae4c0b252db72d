/**
 * The workbench leftovers through `procdeck serve` (issue 13): the merged view for a chosen
 * subset of instances, and the editor setting (chosen in the app, checked, remembered per
 * user in PROCDECK_USER_DATA_DIR, used by a file link over $VISUAL/$EDITOR). The "editor" is
 * a recording script, never a real one. One formation in a temporary folder for the file.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { expectTerminalLine, hoverTerminalLink, terminalLines } from './support/dashboard';
import { waitUntil } from './support/processes';
import { startServe, type Served } from './support/serve';

// The first replay of a new page can take long on a loaded machine (the first line waits up to 30 s).
test.describe.configure({ mode: 'serial', timeout: 90_000 });

const dir = mkdtempSync(join(tmpdir(), 'procdeck-e2e-workbench-'));
const userData = join(dir, 'user-data');
const editorLog = join(dir, 'editor.log');
const editor = join(dir, 'bin', 'my-editor');
let served: Served;
let page: Page;

test.beforeAll(async ({ browser }) => {
  writeFileSync(
    join(dir, 'Procfile'),
    [
      'web: while true; do echo "tick $PS"; sleep 0.2; done',
      'worker: while true; do echo "tick $PS"; sleep 0.2; done',
      'linker: echo "boom at src/app.js:2:5"; exec sleep 1000',
      '',
    ].join('\n'),
  );
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'app.js'), '// one\nthrow new Error("two");\n');
  mkdirSync(join(dir, 'bin'));
  writeFileSync(editor, `#!/bin/sh\nprintf '%s\\n' "$@" >> '${editorLog}'\n`);
  chmodSync(editor, 0o755);
  served = await startServe({
    dir,
    args: ['-p', '7700', '-m', 'web=2,worker=1,linker=1'],
    env: { VISUAL: '', EDITOR: '', PROCDECK_USER_DATA_DIR: userData },
  });
  page = await browser.newPage();
  await page.goto(served.url);
  // (The first replay can take a while on a loaded machine.)
  await expectTerminalLine(page, 'merged', /^worker\.1\s+\| tick worker\.1/, 30_000);
});

test.afterAll(async () => {
  await page?.close();
  await served?.stop();
});

test('All output shows only the instances ticked under Instances…, and every one again after All instances', async () => {
  await page.getByLabel('Choose instances for all output').click();
  const picker = page.getByRole('group', { name: 'Instances in all output' });
  await picker.getByRole('checkbox', { name: 'web.2' }).uncheck();
  await picker.getByRole('checkbox', { name: 'worker.1' }).uncheck();
  await picker.getByRole('checkbox', { name: 'linker.1' }).uncheck();
  await expect(page.getByLabel('Choose instances for all output')).toHaveText('1 of 4 instances…');
  await page.getByRole('toolbar', { name: 'Output tools' }).getByRole('button', { name: 'Clear' }).click();
  const count = async (id: string) =>
    (await terminalLines(page, 'merged')).filter((l) => new RegExp(`tick ${id.replace('.', '\\.')}$`).test(l)).length;
  await expect.poll(() => count('web.1')).toBeGreaterThanOrEqual(3);
  expect(await count('web.2')).toBe(0);
  expect(await count('worker.1')).toBe(0);
  await page.getByRole('button', { name: 'All instances' }).click();
  await expect.poll(() => count('worker.1')).toBeGreaterThanOrEqual(1);
  await expect.poll(() => count('web.2')).toBeGreaterThanOrEqual(1);
  await page.getByLabel('Choose instances for all output').click();
});

test('the editor chosen in the app is checked, remembered per user, and opens a file link', async () => {
  await page.getByText('Editor…').click();
  const form = page.getByRole('form', { name: 'Editor for file links' });
  await expect(form.getByRole('status', { name: 'Editor in use' })).toHaveText(/No editor is set/);
  const field = form.getByLabel('Editor command');
  await field.fill(`${editor} --wait; touch ${join(dir, 'pwned')}`);
  await form.getByRole('button', { name: 'Use this editor' }).click();
  await expect(form.getByRole('alert')).toHaveText(/absolute/);
  await field.fill(editor);
  await form.getByRole('button', { name: 'Use this editor' }).click();
  await expect(form.getByRole('status', { name: 'Editor in use' })).toHaveText(
    `File links open in ${editor} (chosen here).`,
  );
  expect(JSON.parse(readFileSync(join(userData, 'state', 'editor.json'), 'utf8'))).toEqual({
    version: 1,
    command: editor,
  });
  await page.getByText('Editor…').click();

  // The link in linker.1's terminal now starts the chosen editor (no $VISUAL/$EDITOR is set).
  await page.getByRole('button', { name: 'linker.1', exact: true }).click();
  await expectTerminalLine(page, 'instance:linker.1', /boom at src\/app\.js:2:5/);
  const point = await hoverTerminalLink(page, 'instance:linker.1', 'src/app.js:2:5', 3);
  await page.mouse.click(point.x, point.y);
  await waitUntil(() => existsSync(editorLog), 'the chosen editor to be started');
  // my-editor is no known editor family: it gets the file alone.
  expect(readFileSync(editorLog, 'utf8')).toBe(`${realpathSync(join(dir, 'src', 'app.js'))}\n`);
  expect(existsSync(join(dir, 'pwned'))).toBe(false);
});
