/**
 * Timestamps and Save range… through `procdeck serve` (issue 13), in real Chromium with real
 * processes: two instances print numbered lines ten times a second. Turning timestamps on
 * shows every line once, after a well-formed time, in arrival order, from the start of the
 * host's buffer (a replay that carries the times); turning them off shows the very lines
 * that were there before. Save range… downloads the selected lines of a terminal, and the
 * lines of a time range of All output, as the terminal shows them.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  expectNoFixtureProcesses,
  expectTerminalLine,
  row,
  screenshot,
  terminalLines,
  terminalTextPoint,
} from './support/dashboard';
import { startServe, type Served } from './support/serve';

test.describe.configure({ mode: 'serial', timeout: 90_000 });

const dir = mkdtempSync(join(tmpdir(), 'procdeck-e2e-timestamps-'));
let served: Served;
let page: Page;

/** `14:03:27.512 ` and the rest of the line. */
const STAMPED = /^(\d{2}):(\d{2}):(\d{2})\.(\d{3}) (.*)$/;
/** A line the fixture prints, in an instance's terminal. */
const INSTANCE_LINE = /^line (\d+) of (web\.1|worker\.1)$/;
/** The same, in All output. */
const MERGED_LINE = /^(web\.1|worker\.1)\s+\| line (\d+) of \1$/;

test.beforeAll(async ({ browser }) => {
  writeFileSync(
    join(dir, 'Procfile'),
    [
      'web: i=0; while true; do i=$((i+1)); echo "line $i of $PS"; sleep 0.1; done',
      'worker: i=0; while true; do i=$((i+1)); echo "line $i of $PS"; sleep 0.1; done',
      '',
    ].join('\n'),
  );
  served = await startServe({ dir, args: ['-p', '7900'] });
  page = await browser.newPage({ acceptDownloads: true });
  await page.goto(served.url);
  // (The first replay can take a while on a loaded machine.)
  await expectTerminalLine(page, 'merged', /^worker\.1\s+\| line 3 of worker\.1$/, 30_000);
});

test.afterAll(async () => {
  await page?.close();
  await served?.stop();
  rmSync(dir, { recursive: true, force: true });
  await expectNoFixtureProcesses();
});

/** The lines without a time in front, with their row (what a failed wait shows). */
function unstampedLines(lines: readonly string[]): string[] {
  return lines.flatMap((line, row) => (STAMPED.test(line) ? [] : [`${row}: ${line}`]));
}

/** Milliseconds since midnight of a stamp, to compare times of one day. */
function msOf(stamp: RegExpExecArray): number {
  const [, h, m, s, ms] = stamp;
  return ((Number(h) * 60 + Number(m)) * 60 + Number(s)) * 1000 + Number(ms);
}

/** Splits stamped lines into time and text; fails on a line without a well-formed time. */
function unstamp(lines: readonly string[]): { at: number; text: string }[] {
  return lines.map((line) => {
    const stamp = STAMPED.exec(line);
    expect(stamp, `a time in front of ${JSON.stringify(line)}`).not.toBeNull();
    return { at: msOf(stamp as RegExpExecArray), text: (stamp as RegExpExecArray)[5] as string };
  });
}

/** Each instance's line numbers, in the order shown, and its times never going back. */
function numbersByInstance(lines: readonly { at?: number; text: string }[], pattern: RegExp, id = 1, n = 2) {
  const numbers = new Map<string, number[]>();
  const last = new Map<string, number>();
  for (const line of lines) {
    const match = pattern.exec(line.text);
    expect(match, `a fixture line: ${JSON.stringify(line.text)}`).not.toBeNull();
    const instance = (match as RegExpExecArray)[id] as string;
    numbers.set(instance, [...(numbers.get(instance) ?? []), Number((match as RegExpExecArray)[n])]);
    if (line.at !== undefined) {
      expect(line.at, `${instance}'s times in arrival order`).toBeGreaterThanOrEqual(last.get(instance) ?? 0);
      last.set(instance, line.at);
    }
  }
  return numbers;
}

/** 1, 2, … n: every line once, none missing. */
function expectFromOneOn(numbers: readonly number[] | undefined): void {
  expect(numbers?.length ?? 0).toBeGreaterThan(3);
  expect(numbers).toEqual(Array.from({ length: numbers?.length ?? 0 }, (_, i) => i + 1));
}

const tools = () => page.getByRole('toolbar', { name: 'Output tools' });

test('timestamps on an instance: every line once, after its time in arrival order; off: the very lines again', async () => {
  await row(page, 'web.1').getByRole('button', { name: 'web.1', exact: true }).click();
  await expectTerminalLine(page, 'instance:web.1', /^line 5 of web\.1$/, 15_000);
  const before = await terminalLines(page, 'instance:web.1');
  expectFromOneOn(
    numbersByInstance(
      before.map((text) => ({ text })),
      INSTANCE_LINE,
      2,
      1,
    ).get('web.1'),
  );

  await tools().getByRole('button', { name: 'Timestamps' }).click();
  await expect(tools().getByRole('button', { name: 'Timestamps' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.terminal-view[data-view="stamped:web.1"]')).toBeVisible();
  // The replay shows what came before the toggle, with the times it arrived at.
  await expect.poll(async () => (await terminalLines(page, 'stamped:web.1')).length).toBeGreaterThan(before.length);
  const stamped = unstamp(await terminalLines(page, 'stamped:web.1'));
  expectFromOneOn(numbersByInstance(stamped, INSTANCE_LINE, 2, 1).get('web.1'));
  // Ten lines a second: the times are far apart, and not all the same (they are not the replay's).
  const spread = (stamped.at(-1)?.at ?? 0) - (stamped[0]?.at ?? 0);
  expect(spread).toBeGreaterThanOrEqual(50 * (stamped.length - 1));

  await tools().getByRole('button', { name: 'Timestamps' }).click();
  await expect(page.locator('.terminal-view[data-view="instance:web.1"]')).toBeVisible();
  const after = await terminalLines(page, 'instance:web.1');
  expect(after.slice(0, before.length)).toEqual(before);
  // What came while the times were on is there too, nothing twice.
  expectFromOneOn(
    numbersByInstance(
      after.map((text) => ({ text })),
      INSTANCE_LINE,
      2,
      1,
    ).get('web.1'),
  );
  expect(after.length).toBeGreaterThan(before.length);
});

test('timestamps on All output: the same lines, each after its time; off: exactly the lines before', async () => {
  await page.getByRole('button', { name: 'All output' }).click();
  await expect(page.locator('.terminal-view[data-view="merged"]')).toBeVisible();
  const before = await terminalLines(page, 'merged');
  await page.keyboard.press('t');
  await expect(tools().getByRole('button', { name: 'Timestamps' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => unstampedLines(await terminalLines(page, 'merged'))).toEqual([]);
  const stamped = unstamp(await terminalLines(page, 'merged'));
  // The lines written again, in the order they were shown, then the newer ones.
  expect(stamped.slice(0, before.length).map((l) => l.text)).toEqual(before);
  const numbers = numbersByInstance(stamped, MERGED_LINE);
  expectFromOneOn(numbers.get('web.1'));
  expectFromOneOn(numbers.get('worker.1'));

  await page.keyboard.press('t');
  await expect(tools().getByRole('button', { name: 'Timestamps' })).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await terminalLines(page, 'merged')).some((l) => STAMPED.test(l))).toBe(false);
  const after = await terminalLines(page, 'merged');
  expect(after.slice(0, stamped.length)).toEqual(stamped.map((l) => l.text));
});

test('Save range… downloads the selected lines of a terminal, as it shows them', async () => {
  await row(page, 'web.1').getByRole('button', { name: 'web.1', exact: true }).click();
  await tools().getByRole('button', { name: 'Timestamps' }).click();
  await expectTerminalLine(page, 'stamped:web.1', /^\d{2}:\d{2}:\d{2}\.\d{3} line 12 of web\.1$/, 15_000);
  // Hold the view still, so the lines stay where the pointer goes, and select the screen's
  // 2nd to 4th rows (which lines those are depends on how fast this machine is).
  const follow = tools().getByRole('button', { name: 'Follow output' });
  await follow.click();
  await expect(follow).toHaveAttribute('aria-pressed', 'false');
  const rows = page.locator('.terminal-view[data-view="stamped:web.1"] .xterm-rows > div');
  const picked = (await Promise.all([1, 2, 3].map((i) => rows.nth(i).textContent()))).map((t) => (t ?? '').trimEnd());
  for (const line of picked) expect(line).toMatch(STAMPED);
  const from = await terminalTextPoint(page, 'stamped:web.1', picked[0] as string, 16);
  const to = await terminalTextPoint(page, 'stamped:web.1', picked[2] as string, 15);
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
  const shown = (await terminalLines(page, 'stamped:web.1')).filter((l) => picked.includes(l));
  expect(shown).toEqual(picked);

  await tools().getByRole('button', { name: 'Save range…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save range of web.1' });
  await expect(dialog.getByRole('radio', { name: 'Selected lines (3)' })).toBeChecked();
  await expect(dialog).toContainText('colours and other escape sequences are left out');
  await screenshot(page, 'timestamps-save-selection');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.url()).toMatch(/^blob:/);
  expect(download.suggestedFilename()).toMatch(/^procdeck-web\.1-\d{8}-\d{6}\.txt$/);
  expect(readFileSync(await download.path(), 'utf8')).toBe(`${shown.join('\n')}\n`);
  await expect(dialog.getByRole('status', { name: 'Save range result' })).toHaveText(
    /^Downloaded 3 lines as procdeck-web\.1-/,
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
  await follow.click();
});

test('Save range… downloads the lines of All output that arrived in a time range, with their times and names', async () => {
  await page.getByRole('button', { name: 'All output' }).click();
  await tools().getByRole('button', { name: 'Timestamps' }).click();
  await expect.poll(async () => unstampedLines(await terminalLines(page, 'merged'))).toEqual([]);
  const lines = await terminalLines(page, 'merged');
  const timed = unstamp(lines);
  // A span of the middle: from web.1's 5th line's time to its 12th's (worker.1's lines of that span come too).
  const first = lines.find((l) => l.endsWith(' line 5 of web.1'));
  const last = lines.find((l) => l.endsWith(' line 12 of web.1'));
  const start = unstamp([first ?? ''])[0]?.at ?? 0;
  const end = unstamp([last ?? ''])[0]?.at ?? 0;
  const expected = lines.filter((_, i) => (timed[i]?.at ?? -1) >= start && (timed[i]?.at ?? -1) <= end);
  expect(expected.filter((l) => l.includes('of worker.1')).length).toBeGreaterThanOrEqual(4);
  // Lines 5 to 12 of web.1, and any that arrived in the same chunk as one of them (a loaded machine batches them).
  const webNumbers = expected.flatMap((l) => / line (\d+) of web\.1$/.exec(l)?.[1] ?? []).map(Number);
  expect(webNumbers).toEqual(webNumbers.map((_, i) => (webNumbers[0] ?? 0) + i));
  expect(webNumbers).toEqual(expect.arrayContaining([5, 12]));
  const day = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  const field = (line: string | undefined) => `${day}T${line?.slice(0, 12) ?? ''}`;

  await tools().getByRole('button', { name: 'Save range…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Save range of all output' });
  await dialog.getByRole('radio', { name: 'Lines that arrived in a time range' }).check();
  await dialog.getByLabel('From').fill(field(first));
  await dialog.getByLabel('To').fill(field(last));
  await screenshot(page, 'timestamps-save-time-range');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.url()).toMatch(/^blob:/);
  expect(download.suggestedFilename()).toMatch(/^procdeck-all-output-\d{8}-\d{6}\.txt$/);
  const file = readFileSync(await download.path(), 'utf8');
  expect(file.endsWith('\n')).toBe(true);
  // Oldest first across the instances (two lines of one millisecond may swap places with the terminal's order).
  const saved = file.slice(0, -1).split('\n');
  expect([...saved].sort()).toEqual([...expected].sort());
  expect(unstamp(saved).map((l) => l.at)).toEqual(
    unstamp(saved)
      .map((l) => l.at)
      .sort((a, b) => a - b),
  );
  await expect(dialog.getByRole('status', { name: 'Save range result' })).toHaveText(
    new RegExp(`^Downloaded ${expected.length} lines as procdeck-all-output-`),
  );
  await dialog.getByRole('button', { name: 'Close' }).click();
});
