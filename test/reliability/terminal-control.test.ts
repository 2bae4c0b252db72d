/**
 * #11: terminal control from a child, seen in the real dashboard (Chromium against
 * `procdeck serve`): progress bars redraw in place; OSC titles, OSC 52 clipboard writes
 * and OSC 8 links to file: or javascript: get nowhere.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';
import { BIN, ROOT } from '../support/cli';
import { descendants, killAll } from '../support/processes';

const executablePath = chromiumPath();
const built = existsSync(join(ROOT, 'out/renderer/index.html'));
const reason = !executablePath
  ? 'no Chromium (set CHROMIUM_PATH or install chromium)'
  : 'the dashboard is not built (npm run build)';

interface Hook {
  lines(view: string): string[];
}

describe.skipIf(!executablePath || !built)(
  `#11 terminal control in the dashboard${executablePath && built ? '' : ` — skipped: ${reason}`}`,
  () => {
    let server: ChildProcess;
    let browser: Browser;
    let page: Page;

    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'procdeck-terminal-'));
      writeFileSync(join(dir, 'Procfile'), `control: node ${join(ROOT, 'test/fixtures/terminal/control.mjs')}\n`);
      server = spawn(process.execPath, [BIN, 'serve', dir, '--listen-port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        server.stdout?.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /open (http:\/\/\S+)/.exec(out);
          if (m && /running/.test(out)) resolve(m[1] as string);
        });
        server.on('exit', () => reject(new Error(`serve exited: ${out}`)));
      });
      browser = await chromium.launch({
        ...(executablePath ? { executablePath } : {}),
        args: [...CHROMIUM_ARGS],
      });
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      page = await context.newPage();
      // Record every way the page could reach the clipboard or open a window.
      await page.addInitScript(() => {
        const w = window as unknown as { __attempts: string[] };
        w.__attempts = [];
        const clipboard = navigator.clipboard;
        if (clipboard) {
          clipboard.writeText = async (text: string) => void w.__attempts.push(`clipboard: ${text}`);
          clipboard.write = async () => void w.__attempts.push('clipboard: write');
        }
        const exec = document.execCommand.bind(document);
        document.execCommand = (command: string, ...rest: [boolean?, string?]) => {
          if (command === 'copy') w.__attempts.push('execCommand copy');
          return exec(command, ...rest);
        };
        window.open = ((url?: string | URL) => {
          w.__attempts.push(`open: ${String(url)}`);
          return null;
        }) as typeof window.open;
      });
      await page.goto(url);
      await page.getByRole('button', { name: 'control.1', exact: true }).click();
      await page.waitForFunction(() => {
        const hook = (window as unknown as { __procdeckTest?: Hook }).__procdeckTest;
        return hook?.lines('instance:control.1').some((l) => l === 'control done') ?? false;
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      const tree = descendants(server.pid as number).map((e) => e.pid);
      server.kill('SIGINT');
      await new Promise((r) => server.once('exit', r));
      killAll(tree);
    });

    const lines = () =>
      page.evaluate(() => (window as unknown as { __procdeckTest: Hook }).__procdeckTest.lines('instance:control.1'));

    it('#11 10,000 carriage-return progress updates redraw one line in place', async () => {
      const shown = await lines();
      expect(shown.filter((l) => l.startsWith('progress'))).toEqual(['progress 10000/10000']);
    });

    it('#11 an OSC title change does not retitle the app', async () => {
      expect(await page.title()).not.toMatch(/pwned/);
    });

    it('#11 an OSC 52 clipboard write is ignored', async () => {
      expect(
        await page.evaluate(() =>
          (window as unknown as { __attempts: string[] }).__attempts.filter((a) => !a.startsWith('open:')),
        ),
      ).toEqual([]);
    });

    it('#11 OSC 8 links to file: and javascript: are refused, even when clicked', async () => {
      for (const text of ['filelink', 'scriptlink']) {
        const at = await pointOf(text);
        await page.mouse.move(at.x - 2, at.y);
        await page.mouse.move(at.x, at.y);
        // Give link detection (asynchronous in xterm.js) every chance to offer a link here.
        await page.waitForTimeout(300);
        await page.mouse.click(at.x, at.y);
      }
      expect(await page.evaluate(() => (window as unknown as { __attempts: string[] }).__attempts)).toEqual([]);
      // The same gesture on the https link does open it: the clicks above really hit their links.
      const web = await pointOf('weblink');
      await page.mouse.move(web.x - 2, web.y);
      await page.mouse.move(web.x, web.y);
      await page.waitForSelector('.terminal-view[data-view="instance:control.1"] .xterm-cursor-pointer');
      await page.mouse.click(web.x, web.y);
      await page.waitForFunction(() => (window as unknown as { __attempts: string[] }).__attempts.length > 0);
      expect(await page.evaluate(() => (window as unknown as { __attempts: string[] }).__attempts)).toEqual([
        'open: https://example.com/ok',
      ]);
    });

    /** The screen position of the middle of `text`'s fourth character in the control.1 terminal. */
    async function pointOf(text: string): Promise<{ x: number; y: number }> {
      const point = await page.evaluate((text) => {
        const hook = (
          window as unknown as { __procdeckTest: Hook & { size(v: string): { cols: number; rows: number } | null } }
        ).__procdeckTest;
        const all = hook.lines('instance:control.1');
        const size = hook.size('instance:control.1');
        const screen = document
          .querySelector('.terminal-view[data-view="instance:control.1"] .xterm-screen')
          ?.getBoundingClientRect();
        const line = all.findIndex((l) => l.includes(text));
        if (!size || !screen || line < 0) return null;
        const firstVisible = Math.max(0, all.length - size.rows);
        return {
          x: screen.x + (screen.width / size.cols) * ((all[line] as string).indexOf(text) + 3.5),
          y: screen.y + (screen.height / size.rows) * (line - firstVisible + 0.5),
        };
      }, text);
      if (!point) throw new Error(`${text} is not on screen`);
      return point;
    }
  },
);
