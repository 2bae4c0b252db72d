/* global window, document, MutationObserver -- the functions passed to page.evaluate run in the page */
// Workload 5: the dashboard attached. `procdeck serve` runs workload 1's child (held
// until the view is ready) and an idle `web`; headless Chromium shows the flooding
// instance's terminal. Measured: the child's wall time (against the same child writing
// to /dev/null, the raw adapters, and serve with no view), how long a click on
// `Stop web` (then `Start web`) takes to show its effect during the flood, the host's
// memory, and that the instance's full log kept every line.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUp, launch, MARKER_VARIABLE, now, signalGroup, waitFor } from '../lib/command.mjs';
import { PROCDECK } from '../lib/hosts.mjs';
import { countFloodLines } from '../lib/line-count.mjs';
import { markedProcesses, memoryOf } from '../lib/proc-table.mjs';
import { formatBytes, formatCount, formatMs, formatRatio, formatStat, runsStatus } from '../lib/report.mjs';
import { ratio, summarize } from '../lib/stats.mjs';
import { shellQuote } from './log-throughput.mjs';
import { launchChromium } from '../lib/chromium.mjs';
import { ensureTestHookBuild } from '../../scripts/test-hook-build.mjs';

const FLOOD = fileURLToPath(new URL('../children/flood.mjs', import.meta.url));
const DRAIN = fileURLToPath(new URL('../baseline/drain.mjs', import.meta.url));
/** The serve host's memory cap (peak RSS), documented in docs/benchmarks.md. */
export const SERVE_MEMORY_CAP = 256 * 1024 ** 2;

export async function uiAttached(ctx, { lines }) {
  // The view's terminal is read through the renderer's test hook, which production builds leave out.
  ensureTestHookBuild();
  const dir = ctx.dir('ui');
  const flood = (id, extra = '') => `${shellQuote(process.execPath)} ${shellQuote(FLOOD)} ${lines} ${id}${extra}`;
  const cases = [
    {
      id: 'devnull',
      label: 'the child alone → /dev/null (reference)',
      kind: 'reference',
      argv: () => ['/bin/sh', '-c', `${flood('ref')} > /dev/null`],
    },
    {
      id: 'raw-pty',
      label: 'baseline: node-pty → /dev/null',
      kind: 'reference',
      argv: () => [process.execPath, DRAIN, 'pty', flood('ref')],
    },
    { id: 'serve-pty', label: 'procdeck serve (PTY), no view', kind: 'serve', adapter: 'pty', view: false },
    {
      id: 'serve-pty-ui',
      label: 'procdeck serve (PTY), Chromium showing the terminal',
      kind: 'serve',
      adapter: 'pty',
      view: true,
    },
    {
      id: 'raw-pipe',
      label: 'baseline: pipe → /dev/null',
      kind: 'reference',
      argv: () => [process.execPath, DRAIN, 'pipe', flood('ref')],
    },
    { id: 'serve-pipe', label: 'procdeck serve --pipes, no view', kind: 'serve', adapter: 'pipe', view: false },
    {
      id: 'serve-pipe-ui',
      label: 'procdeck serve --pipes, Chromium showing the terminal',
      kind: 'serve',
      adapter: 'pipe',
      view: true,
    },
  ];
  let browser = null;
  let browserProblem = null;
  const browserMarker = `${MARKER_VARIABLE}=chromium-${process.pid}`;
  try {
    browser = await launchChromium(browserMarker);
  } catch (error) {
    browserProblem = `no Chromium could be started (${String(error.message ?? error).split('\n')[0]}); set CHROMIUM_PATH or apt-get install chromium`;
  }
  const samples = new Map(cases.map((c) => [c.id, []]));
  try {
    for (let run = 0; run < ctx.runs; run++) {
      for (const c of cases) {
        if (c.view && !browser) continue;
        const result =
          c.kind === 'reference' ? await referenceRun(ctx, dir, c) : await serveRun(ctx, dir, c, browser, lines, flood);
        samples.get(c.id).push(result);
        ctx.log(
          `  ui run ${run + 1}/${ctx.runs} ${c.label}: ${result.ok ? `child ${formatMs(result.child)}${result.clicks ? `, clicks ${result.clicks.map((k) => `${k.what} ${formatMs(k.shownMs)}${k.duringFlood ? '' : ' (after the flood)'}`).join(', ')}` : ''}` : `FAILED (${result.failure})`}`,
        );
      }
    }
  } finally {
    await browser?.close();
    await waitFor(() => markedProcesses(browserMarker).length === 0, { timeoutMs: 5000, everyMs: 50 });
    for (const p of markedProcesses(browserMarker)) process.kill(p.pid, 'SIGKILL');
  }

  const rows = cases.map((c) => {
    const runs = samples.get(c.id);
    const good = runs.filter((r) => r.ok);
    const clicks = good.flatMap((r) => r.clicks ?? []);
    const during = clicks.filter((k) => k.duringFlood);
    return {
      case: c.id,
      label: c.label,
      kind: c.kind,
      adapter: c.adapter ?? null,
      view: c.view ?? false,
      status: c.view && !browser ? `not run: ${browserProblem}` : runsStatus(runs),
      child: summarize(good.map((r) => r.child)),
      clickShown: summarize(during.map((k) => k.shownMs)),
      clickInputDelay: summarize(during.map((k) => k.inputDelayMs)),
      clicks: clicks.map((k) => ({
        what: k.what,
        shownMs: Math.round(k.shownMs),
        inputDelayMs: Math.round(k.inputDelayMs),
        duringFlood: k.duringFlood,
      })),
      rss: summarize(good.map((r) => r.rss).filter((v) => v != null)),
      peak: summarize(good.map((r) => r.peak).filter((v) => v != null)),
      lines: c.kind === 'serve' ? runs.map((r) => r.lines) : null,
      expected: lines,
      viewLastLine: c.view ? good.map((r) => r.viewReachedEnd) : null,
    };
  });
  const devnull = rows[0];
  for (const row of rows) row.childRatio = ratio(row.child, devnull.child);
  const targets = [];
  for (const row of rows.filter((r) => r.view)) {
    const quiet = rows.find((r) => r.kind === 'serve' && r.adapter === row.adapter && !r.view);
    const raw = rows.find((r) => r.case === `raw-${row.adapter}`);
    const ok = row.status === 'ok';
    // Issue 14's target: what the view costs, against the same host with no view attached
    // (the /dev/null ratio stays in the detail: no host reaches it, the raw adapters neither).
    const againstQuiet = ratio(row.child, quiet?.child);
    targets.push({
      text: `${row.label}: the child's wall time within 1.10× of the same host with no view`,
      met: ok && againstQuiet !== null ? againstQuiet <= 1.1 : false,
      detail: `${formatRatio(againstQuiet)} (${formatMs(row.child?.median)} vs ${formatMs(quiet?.child?.median)}); against /dev/null ${formatRatio(row.childRatio)}, the raw ${row.adapter} baseline alone ${formatRatio(raw?.childRatio)}`,
    });
    targets.push({
      text: `${row.label}: a click on Stop web / Start web shows its effect within 100 ms during the flood`,
      met: ok && row.clickShown ? row.clickShown.max <= 100 : false,
      detail: row.clickShown
        ? `median ${formatMs(row.clickShown.median)}, max ${formatMs(row.clickShown.max)} over ${row.clickShown.n} click(s) made while the child was writing`
        : 'no click landed during the flood',
    });
    targets.push({
      text: `${row.label}: host memory (peak RSS) under the cap of ${formatBytes(SERVE_MEMORY_CAP)}`,
      met: ok && row.peak ? row.peak.max < SERVE_MEMORY_CAP : false,
      detail: `peak ${formatStat(row.peak, formatBytes)}, RSS after the flood ${formatStat(row.rss, formatBytes)}`,
    });
  }
  return {
    id: 'ui',
    title: `5. UI attached: procdeck serve with Chromium on the flooding instance (${formatCount(lines)} lines)`,
    description:
      "The child is workload 1's, held until the page shows its terminal; clicks are timed in the page from `pointerdown` to the instance row's state text changing (a round trip through the host), and the input delay from `pointerdown` to the click handler. Every line is counted in the instance's full log (`--log-dir`).",
    rows,
    targets,
    table: {
      headers: [
        'host',
        "child's wall time",
        '× /dev/null',
        'click → effect shown (during the flood)',
        'input delay',
        'host RSS after / peak',
        'lines in the full log',
        'status',
      ],
      rows: rows.map((r) => [
        r.label,
        formatStat(r.child),
        formatRatio(r.childRatio),
        r.view ? formatStat(r.clickShown) : '',
        r.view ? formatStat(r.clickInputDelay) : '',
        r.kind === 'serve' ? `${formatStat(r.rss, formatBytes)} / ${formatStat(r.peak, formatBytes)}` : '',
        r.lines ? `${r.lines.map(formatCount).join(', ')} of ${formatCount(lines)}` : '',
        r.status,
      ]),
    },
  };
}

async function referenceRun(ctx, dir, c) {
  const timesPath = join(dir, `${c.id}.times`);
  writeFileSync(timesPath, '');
  const handle = launch({
    argv: c.argv(),
    cwd: dir,
    env: { BENCH_CHILD_TIMES: timesPath },
    stderrPath: join(dir, `${c.id}.err`),
  });
  const exit = await Promise.race([handle.exited, sleep(ctx.timeoutMs).then(() => null)]);
  if (!exit) signalGroup(handle, 'SIGKILL');
  await cleanUp(handle);
  const child = childWall(timesPath);
  return child === null ? { ok: false, failure: exit ? 'the child did not finish' : 'timed out' } : { ok: true, child };
}

async function serveRun(ctx, dir, c, browser, lines, flood) {
  const project = join(dir, c.id);
  const logDir = join(dir, `${c.id}-logs`);
  const go = join(dir, `${c.id}.go`);
  const timesPath = join(dir, `${c.id}.times`);
  const stdoutPath = join(dir, `${c.id}.out`);
  rmSync(go, { force: true });
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'Procfile'),
    `flood: ${flood('flood', ` --then-sleep --wait-for ${shellQuote(go)}`)}\nweb: sleep 3600\n`,
  );
  writeFileSync(timesPath, '');
  const token = `bench-${process.pid}-${Date.now()}`;
  const handle = launch({
    argv: [
      process.execPath,
      PROCDECK,
      'serve',
      project,
      '--listen-port',
      '0',
      '--log-dir',
      logDir,
      '-m',
      'flood=1,web=1',
      ...(c.adapter === 'pipe' ? ['--pipes'] : []),
    ],
    cwd: dir,
    env: { BENCH_CHILD_TIMES: timesPath, PROCDECK_SERVE_TOKEN: token },
    stdoutPath,
    stderrPath: join(dir, `${c.id}.err`),
  });
  let failure = null;
  let page = null;
  const clicks = [];
  let viewReachedEnd = null;
  let memory = null;
  let lineCount = null;
  try {
    const read = () => (existsSync(stdoutPath) ? readFileSync(stdoutPath, 'utf8') : '');
    if (!(await waitFor(() => /procdeck serve: running/.test(read()), { timeoutMs: 20_000, everyMs: 20 })))
      throw new Error(`serve did not start: ${read()}`);
    const url = /procdeck serve: open (http:\/\/\S+)/.exec(read())[1];
    if (c.view) {
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(url);
      await page
        .getByRole('row', { name: 'flood.1', exact: true })
        .locator('.state-label')
        .filter({ hasText: /starting|ready/ })
        .waitFor({ timeout: 15_000 });
      await page.getByRole('button', { name: 'flood.1', exact: true }).click();
      await page.waitForFunction(() => window.__procdeckTest?.views().includes('instance:flood.1'), null, {
        timeout: 10_000,
      });
      await page
        .getByRole('row', { name: 'web.1', exact: true })
        .locator('.state-label')
        .filter({ hasText: 'ready' })
        .waitFor({ timeout: 15_000 });
      await installClickProbe(page);
    } else {
      await sleep(1200); // the same settling as the page's load gives the attached case
    }
    writeFileSync(go, '');
    if (c.view) {
      // Click while the child writes: soon after it starts (a pipe flood is short).
      await sleep(100);
      clicks.push(await timedClick(page, 'Stop web', 'web.1', /stopping|stopped/));
      await page
        .getByRole('row', { name: 'web.1', exact: true })
        .locator('.state-label')
        .filter({ hasText: 'stopped' })
        .waitFor({ timeout: 15_000 });
      clicks.push(await timedClick(page, 'Start web', 'web.1', /starting|ready/));
    }
    if (!(await waitFor(() => childWall(timesPath) !== null, { timeoutMs: ctx.timeoutMs, everyMs: 20 })))
      throw new Error('the flood did not finish');
    const [, start, end] = readFileSync(timesPath, 'latin1').trim().split(' ').map(Number);
    for (const k of clicks) k.duringFlood = k.at >= start && k.at <= end;
    if (c.view) {
      // The view reaches the end: the last line shows in the terminal (or the page skipped ahead to it).
      const last = `#BENCH:flood:${String(lines - 1).padStart(9, '0')}:`;
      viewReachedEnd = await page
        .waitForFunction(
          (text) => window.__procdeckTest?.lines('instance:flood.1').some((l) => l.includes(text)),
          last,
          { timeout: 60_000 },
        )
        .then(
          () => true,
          () => false,
        );
    }
    await sleep(ctx.quick ? 300 : 1000);
    memory = memoryOf(handle.pid);
    // A PTY slot logs to flood.1.log, a pipe slot to flood.1.stdout.log (the child writes stdout only).
    const logName = c.adapter === 'pty' ? 'flood.1.log' : 'flood.1.stdout.log';
    const logs = join(logDir, readdirSync(logDir).find((d) => existsSync(join(logDir, d, logName))) ?? '');
    lineCount = countFloodLines(join(logs, logName));
    if (lineCount.lines !== lines || lineCount.errors.length > 0)
      failure = `the full log has ${formatCount(lineCount.lines)} of ${formatCount(lines)} lines${lineCount.errors[0] ? `; ${lineCount.errors[0]}` : ''}`;
    else if (viewReachedEnd === false) failure = "the view never showed the child's last line";
  } catch (error) {
    failure = String(error.message ?? error).split('\n')[0];
  } finally {
    await page?.close();
  }
  signalGroup(handle, 'SIGINT');
  const killed = await cleanUp(handle, { graceMs: 15_000 });
  if (!failure && killed.length > 0) failure = `left processes behind: ${killed.join(', ')}`;
  return {
    ok: failure === null,
    failure,
    child: childWall(timesPath),
    clicks,
    rss: memory?.rss,
    peak: memory?.peak,
    lines: lineCount?.lines ?? null,
    viewReachedEnd,
  };
}

function childWall(timesPath) {
  const line = readFileSync(timesPath, 'latin1').trim();
  if (!line) return null;
  const [, start, end] = line.split(' ').map(Number);
  return end - start;
}

/** Records, in the page, each pointerdown and when the watched row's state text changes next. */
async function installClickProbe(page) {
  await page.evaluate(() => {
    const w = window;
    w.__benchClicks = [];
    w.__benchPending = null;
    document.addEventListener(
      'pointerdown',
      (e) => {
        w.__benchPending = { down: e.timeStamp, handler: null };
      },
      true,
    );
    document.addEventListener(
      'click',
      () => {
        if (w.__benchPending && w.__benchPending.handler === null) w.__benchPending.handler = performance.now();
      },
      true,
    );
  });
}

/**
 * Clicks the button and waits until the row's state text matches `expected`. Returns the
 * time from pointerdown to the change (in the page's clock), the input delay, and the
 * wall-clock time of the click (to tell whether the child was still writing).
 */
async function timedClick(page, button, rowName, expected) {
  await page.evaluate(
    ({ rowName, source }) => {
      const w = window;
      const label = document.querySelector(`tr[aria-label="${rowName}"] .state-label`);
      const pattern = new RegExp(source);
      w.__benchResult = null;
      const observer = new MutationObserver(() => {
        if (!w.__benchPending || !pattern.test(label?.textContent ?? '')) return;
        const p = w.__benchPending;
        w.__benchResult = {
          shownMs: performance.now() - p.down,
          inputDelayMs: (p.handler ?? performance.now()) - p.down,
        };
        w.__benchPending = null;
        observer.disconnect();
      });
      observer.observe(label.closest('tr'), { subtree: true, characterData: true, childList: true });
    },
    { rowName, source: expected.source },
  );
  const at = now();
  await page.getByRole('button', { name: button, exact: true }).click();
  const handle = await page.waitForFunction(() => window.__benchResult, null, { timeout: 15_000 });
  const result = await handle.jsonValue();
  return { what: button, at, ...result };
}
