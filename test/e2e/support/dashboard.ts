/**
 * Reading and driving the dashboard the way a user (or a screen reader) sees it: by
 * accessible names; terminal text through the page's read-only test hook.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { fixtureProcesses, waitUntil } from './processes';
import { REPO } from './serve';

export const SCREENS = join(REPO, 'test-results/screens');

export interface OutputStats {
  readonly batches: number;
  readonly bytesReceived: number;
  readonly bytesWritten: number;
  readonly gaps: number;
  readonly bytesSkipped: number;
}

export interface FeedState {
  /** How far the instance's terminal has got in its stream (written or marked as skipped). */
  readonly written: number | null;
  /** How far the merged view has got in it. */
  readonly merged: number | null;
  readonly subscribed: boolean;
  readonly unacked: number;
  readonly writesInFlight: number;
}

interface TestHook {
  lines(viewId: string): string[];
  views(): string[];
  size(viewId: string): { cols: number; rows: number; viewportY: number } | null;
  output(): OutputStats;
  feeds(): Record<string, FeedState>;
}

export async function feedStates(page: Page): Promise<Record<string, FeedState>> {
  return page.evaluate(() => (window as unknown as { __procdeckTest?: TestHook }).__procdeckTest?.feeds() ?? {});
}

/** How many lines of a view's terminal are above its screen (0 when it holds one screen or less). */
export async function terminalScrollback(page: Page, viewId: string): Promise<number> {
  return page.evaluate((id) => {
    const hook = (window as unknown as { __procdeckTest?: TestHook }).__procdeckTest;
    const rows = hook?.size(id)?.rows;
    return rows === undefined ? 0 : Math.max(0, (hook?.lines(id).length ?? 0) - rows);
  }, viewId);
}

export async function outputStats(page: Page): Promise<OutputStats> {
  const stats = await page.evaluate(() =>
    (window as unknown as { __procdeckTest?: TestHook }).__procdeckTest?.output(),
  );
  if (!stats) throw new Error('the page has no test hook');
  return stats;
}

export function terminalLines(page: Page, viewId: string): Promise<string[]> {
  return page.evaluate(
    (id) => (window as unknown as { __procdeckTest?: TestHook }).__procdeckTest?.lines(id) ?? [],
    viewId,
  );
}

/** Waits until some line of the view's terminal matches. */
export async function expectTerminalLine(page: Page, viewId: string, pattern: RegExp, timeout = 10_000): Promise<void> {
  await expect
    .poll(async () => (await terminalLines(page, viewId)).some((line) => pattern.test(line)), {
      message: `a line matching ${pattern} in ${viewId}`,
      timeout,
    })
    .toBe(true);
}

/**
 * Where on screen a piece of text in a visible terminal is: the middle of its `nth`
 * character. Reads the buffer (the hook) for the position and the screen for the cells.
 * Throws when the text is not on the screen.
 */
export async function terminalTextPoint(
  page: Page,
  viewId: string,
  text: string,
  nth = 0,
): Promise<{ x: number; y: number }> {
  const found = await page.evaluate(
    ({ id, text }) => {
      const hook = (window as unknown as { __procdeckTest?: TestHook }).__procdeckTest;
      const lines = hook?.lines(id) ?? [];
      const size = hook?.size(id);
      const screen = document.querySelector(`.terminal-view[data-view="${id}"] .xterm-screen`)?.getBoundingClientRect();
      if (!size || !screen) return null;
      // The text may be there more than once (a restarted instance prints its banner again):
      // the occurrence on the screen, else the newest.
      let line = -1;
      lines.forEach((l, at) => {
        const onScreen = at >= size.viewportY && at < size.viewportY + size.rows;
        const lineOnScreen = line >= size.viewportY && line < size.viewportY + size.rows;
        if (l.includes(text) && (onScreen || !lineOnScreen)) line = at;
      });
      if (line < 0) return null;
      return {
        line,
        column: lines[line]?.indexOf(text) ?? 0,
        firstVisible: size.viewportY,
        cols: size.cols,
        rows: size.rows,
        screen: { x: screen.x, y: screen.y, width: screen.width, height: screen.height },
      };
    },
    { id: viewId, text },
  );
  if (!found) throw new Error(`'${text}' is not in ${viewId}`);
  const cellWidth = found.screen.width / found.cols;
  const cellHeight = found.screen.height / found.rows;
  const row = found.line - found.firstVisible;
  if (row < 0 || row >= found.rows)
    throw new Error(
      `'${text}' is scrolled out of view in ${viewId} (line ${found.line}, screen from ${found.firstVisible}, ${found.rows} rows)`,
    );
  return { x: found.screen.x + cellWidth * (found.column + nth + 0.5), y: found.screen.y + cellHeight * (row + 0.5) };
}

/**
 * Hovers `text` in a terminal until xterm marks the link under the pointer (its pointer
 * cursor on the screen), finding the point afresh each try because a late fit of the
 * terminal moves the text; returns where to click.
 */
export async function hoverTerminalLink(
  page: Page,
  viewId: string,
  text: string,
  nth = 0,
): Promise<{ x: number; y: number }> {
  const screen = page.locator(`.terminal-view[data-view="${viewId}"] .xterm-screen`);
  let point = { x: 0, y: 0 };
  await expect(async () => {
    point = await terminalTextPoint(page, viewId, text, nth);
    await page.mouse.move(point.x - 3, point.y);
    await page.mouse.move(point.x, point.y);
    await expect(screen).toHaveClass(/xterm-cursor-pointer/, { timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  return point;
}

export function row(page: Page, id: string): Locator {
  return page.getByRole('row', { name: id, exact: true });
}

export function rowState(page: Page, id: string): Locator {
  return row(page, id).locator('.state-label');
}

/** The pid a row shows; null for `—`. */
export async function rowPid(page: Page, id: string): Promise<number | null> {
  const text = (await row(page, id).locator('td').nth(2).textContent())?.trim() ?? '';
  return /^\d+$/.test(text) ? Number(text) : null;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: join(SCREENS, `${name}.png`) });
}

/**
 * Drags a range slider's thumb with the mouse until it reads `value`, and releases it
 * there (the release is what commits a scale change).
 */
export async function dragSlider(page: Page, slider: Locator, value: number): Promise<void> {
  const box = await slider.boundingBox();
  if (!box) throw new Error('slider not visible');
  const read = async () => Number(await slider.inputValue());
  const min = Number(await slider.getAttribute('min'));
  const max = Number(await slider.getAttribute('max'));
  const current = await read();
  const thumb = 16;
  const xOf = (v: number) => box.x + thumb / 2 + ((v - min) / (max - min)) * (box.width - thumb);
  const y = box.y + box.height / 2;
  await page.mouse.move(xOf(current), y);
  await page.mouse.down();
  const direction = value > current ? 1 : -1;
  let x = xOf(current);
  for (let i = 0; i < 400 && (await read()) !== value; i++) {
    x += direction * 2;
    await page.mouse.move(x, y);
  }
  await page.mouse.up();
  expect(await read()).toBe(value);
}

/** Fails (and names them) if any process is still running inside the e2e fixtures. */
export async function expectNoFixtureProcesses(): Promise<void> {
  try {
    await waitUntil(() => fixtureProcesses().length === 0, 'every fixture process is gone', 10_000);
  } catch {
    const left = fixtureProcesses();
    // Leave nothing behind even when failing: end exactly these, by pid.
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    throw new Error(`fixture processes survived: ${left.map((p) => `${p.pid} ${p.cmd}`).join('; ')}`);
  }
}
