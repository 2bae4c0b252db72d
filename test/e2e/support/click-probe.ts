/**
 * Click latency as the page sees it: from the input event's creation (its timeStamp,
 * so time spent queued behind busy work counts) to the DOM change it caused, and to the
 * next frame after that. Measured, reported, never asserted: timing is for benchmarks.
 */
import { expect, type Page } from '@playwright/test';

export interface Click {
  readonly what: string;
  /** From the input event's creation to the DOM change it caused. */
  readonly handledMs: number;
  /** From the input event's creation to the next frame after that change. */
  readonly paintedMs: number;
}

/** Records, in the page, how long each click takes to change an `aria-pressed`. */
export async function installClickProbe(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __down: number | null; __clicks: { handledMs: number; paintedMs: number }[] };
    w.__down = null;
    w.__clicks = [];
    document.addEventListener('pointerdown', (e) => (w.__down = e.timeStamp), true);
    new MutationObserver(() => {
      const down = w.__down;
      if (down === null) return;
      w.__down = null;
      const handled = performance.now() - down;
      requestAnimationFrame(() => w.__clicks.push({ handledMs: handled, paintedMs: performance.now() - down }));
    }).observe(document.body, { attributes: true, attributeFilter: ['aria-pressed'], subtree: true });
  });
}

export async function measuredClick(page: Page, name: string, clicks: Click[]): Promise<void> {
  const before = await page.evaluate(() => (window as unknown as { __clicks: unknown[] }).__clicks.length);
  const button = page.getByRole('button', { name, exact: true });
  await button.click();
  await expect(button).toHaveAttribute('aria-pressed', 'true');
  await page.waitForFunction((n) => (window as unknown as { __clicks: unknown[] }).__clicks.length > n, before);
  const last = await page.evaluate(() =>
    (window as unknown as { __clicks: { handledMs: number; paintedMs: number }[] }).__clicks.at(-1),
  );
  if (last) clicks.push({ what: name, ...last });
}
