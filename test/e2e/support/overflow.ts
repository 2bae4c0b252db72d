/**
 * What a window of this size cuts off: read in the page from the laid-out boxes.
 *
 * A problem is: the page scrolling sideways; a visible element reaching past the window's
 * left or right edge; a box that clips (overflow hidden) wider content, unless it is a
 * deliberate ellipsis whose full text is a hover title away; a control whose label does not
 * fit; a pane that needs a sideways scrollbar. The terminal's own cells (.xterm) are left
 * out: xterm fits them to the terminal's box, which is itself checked.
 */
import type { Page } from '@playwright/test';

export function overflowProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = document.documentElement.clientWidth;
    const describe = (el: Element) => {
      const label = el.getAttribute('aria-label') ?? (el.textContent ?? '').trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> "${label}"`;
    };
    if (document.documentElement.scrollWidth > width)
      problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px in ${width} px`);
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('.xterm, .visually-hidden, dialog:not([open]), details:not([open]) > :not(summary)')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      if (box.right > width + 0.5 || box.left < -0.5)
        problems.push(`${describe(el)} reaches past the window (${Math.round(box.left)}–${Math.round(box.right)})`);
      const wider = el.scrollWidth > el.clientWidth + 1;
      if (!wider) continue;
      if (style.overflowX === 'hidden' || style.overflowX === 'clip') {
        const deliberate = style.textOverflow === 'ellipsis' && el.closest('[title]') !== null;
        if (!deliberate) problems.push(`${describe(el)} is cut off (${el.scrollWidth} px in ${el.clientWidth} px)`);
      } else if (style.overflowX === 'auto' || style.overflowX === 'scroll') {
        problems.push(`${describe(el)} needs a sideways scrollbar (${el.scrollWidth} px in ${el.clientWidth} px)`);
      } else if (el.matches('button, select, summary, input')) {
        problems.push(`${describe(el)} does not fit its label (${el.scrollWidth} px in ${el.clientWidth} px)`);
      }
    }
    return problems;
  });
}
