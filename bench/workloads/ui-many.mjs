/* global window, requestAnimationFrame, PerformanceObserver -- page.evaluate bodies run in the page */
// Workload 10: the renderer under many streams. `procdeck serve` runs 100 instances that
// each print 100 lines a second (10,000 lines/s in all); headless Chromium shows the merged
// view of all of them for DURATION. Sampled every few seconds: the host's RSS, the page's
// JS heap after a collection and DOM size (DevTools protocol `Performance.getMetrics`); in the page,
// every frame's interval (requestAnimationFrame) and every long task (> 50 ms). Bounded
// means the second half of the run never climbs past the first half's peak by more than
// 10 %: memory follows the configured scrollback and buffers, not the output's length.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUp, launch, MARKER_VARIABLE, signalGroup, waitFor } from '../lib/command.mjs';
import { PROCDECK } from '../lib/hosts.mjs';
import { markedProcesses, memoryOf } from '../lib/proc-table.mjs';
import { formatBytes, formatMs } from '../lib/report.mjs';
import { launchChromium } from '../lib/chromium.mjs';
import { ensureTestHookBuild } from '../../scripts/test-hook-build.mjs';
import { shellQuote } from './log-throughput.mjs';

const TALKER = fileURLToPath(new URL('../children/steady-lines.mjs', import.meta.url));
/** The host's output ring per instance (runner-environment.ts's DEFAULT_RING_BYTES) and the talker's line. */
const RING_BYTES = 1024 * 1024;
const LINE_BYTES = 65;
/** Growth allowed from the first half's peak to the second half's, for "no growth". */
const GROWTH_ALLOWED = 0.1;

export async function uiMany(ctx, { instances, linesPerSecond, durationMs, sampleEveryMs }) {
  ensureTestHookBuild();
  const dir = ctx.dir('ui-many');
  const project = join(dir, 'project');
  mkdirSync(project, { recursive: true });
  writeFileSync(
    join(project, 'Procfile'),
    `talk: ${shellQuote(process.execPath)} ${shellQuote(TALKER)} ${linesPerSecond}\n`,
  );
  const stdoutPath = join(dir, 'serve.out');
  const marker = `${MARKER_VARIABLE}=chromium-many-${process.pid}`;
  const handle = launch({
    argv: [
      process.execPath,
      PROCDECK,
      'serve',
      project,
      '--listen-port',
      '0',
      '--log-dir',
      join(dir, 'logs'),
      '-m',
      `talk=${instances}`,
    ],
    cwd: dir,
    env: { PROCDECK_SERVE_TOKEN: `bench-many-${process.pid}-${Date.now()}` },
    stdoutPath,
    stderrPath: join(dir, 'serve.err'),
  });
  let browser = null;
  let failure = null;
  const samples = [];
  let frames = null;
  let profile = null;
  try {
    const read = () => (existsSync(stdoutPath) ? readFileSync(stdoutPath, 'utf8') : '');
    if (!(await waitFor(() => /procdeck serve: running/.test(read()), { timeoutMs: 30_000, everyMs: 50 })))
      throw new Error(`serve did not start: ${read()}`);
    const url = /procdeck serve: open (http:\/\/\S+)/.exec(read())[1];
    browser = await launchChromium(marker);
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(url);
    await page
      .locator('tr.instance .state-label')
      .filter({ hasText: 'ready' })
      .nth(instances - 1)
      .waitFor({ timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await installFrameProbe(page);
    const started = Date.now();
    while (Date.now() - started < durationMs) {
      await sleep(sampleEveryMs);
      // The live heap, not what the collector has yet to free: growth means something is kept.
      await cdp.send('HeapProfiler.collectGarbage');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const metric = (name) => metrics.find((m) => m.name === name)?.value ?? null;
      const host = memoryOf(handle.pid);
      samples.push({
        atMs: Date.now() - started,
        hostRss: host?.rss ?? null,
        pageHeap: metric('JSHeapUsedSize'),
        domNodes: metric('Nodes'),
      });
      ctx.log(
        `  ui-many ${Math.round((Date.now() - started) / 1000)} s: host ${formatBytes(host?.rss)}, page heap ${formatBytes(metric('JSHeapUsedSize'))}, ${metric('Nodes')} DOM nodes`,
      );
    }
    frames = await page.evaluate(() => window.__benchFrames.read());
    profile = await pageProfile(cdp, Math.min(5000, durationMs / 4));
    const lines = await page.evaluate(() => window.__procdeckTest?.lines('merged').length ?? 0);
    if (lines === 0) failure = 'the merged view showed no output';
    await page.close();
  } catch (error) {
    failure = String(error.message ?? error).split('\n')[0];
  } finally {
    await browser?.close();
    await waitFor(() => markedProcesses(marker).length === 0, { timeoutMs: 5000, everyMs: 50 });
    for (const p of markedProcesses(marker)) process.kill(p.pid, 'SIGKILL');
  }
  signalGroup(handle, 'SIGINT');
  const killed = await cleanUp(handle, { graceMs: 20_000 });
  if (!failure && killed.length > 0) failure = `left processes behind: ${killed.join(', ')}`;

  const host = growth(samples.map((s) => s.hostRss));
  const heap = growth(samples.map((s) => s.pageHeap));
  const nodes = growth(samples.map((s) => s.domNodes));
  const ok = failure === null;
  const longTasks = frames?.longTasks ?? [];
  const targets = [
    {
      // The host's rings are the buffer that fills: 1 MiB per instance at ~6.5 KB/s takes
      // longer than the run, so its RSS climbs toward first + instances × ring, and no further.
      text: `host memory within the configured buffers: peak ≤ the first sample + ${instances} × ${formatBytes(RING_BYTES)} output ring (+10 %)`,
      met: ok && host !== null && host.peak <= (host.firstSample + instances * RING_BYTES) * 1.1,
      detail: host
        ? `first sample ${formatBytes(host.firstSample)}, peak ${formatBytes(host.peak)}, bound ${formatBytes(host.firstSample + instances * RING_BYTES)}; ${describeGrowth(host, formatBytes)}; a ring fills in ~${Math.round(RING_BYTES / (linesPerSecond * LINE_BYTES))} s`
        : 'not measured',
    },
    {
      text: `page memory (JS heap) bounded: no growth over ${formatMs(durationMs)}`,
      met: ok && heap !== null && heap.growth <= GROWTH_ALLOWED,
      detail: `${describeGrowth(heap, formatBytes)}; DOM nodes ${describeGrowth(nodes, String)}`,
    },
    {
      text: 'no long task over 50 ms while streaming (one is a regression to explain)',
      met: ok && frames !== null && longTasks.length === 0,
      detail: frames
        ? `${longTasks.length} long task(s)${longTasks.length ? `, longest ${formatMs(Math.max(...longTasks))}` : ''}; frame interval p50 ${formatMs(frames.p50)}, p95 ${formatMs(frames.p95)}, p99 ${formatMs(frames.p99)}, max ${formatMs(frames.max)} over ${frames.count} frames`
        : 'not measured',
    },
  ];
  // Where the page's main thread goes (a CPU profile at the end, self time): what explains the frames.
  if (profile)
    targets[2].detail += `; profile: ${profile.map((p) => `${p.name} ${p.percent.toFixed(1)} %`).join(', ')}`;
  return {
    id: 'ui-many',
    title: `10. Many streams: ${instances} instances × ${linesPerSecond} lines/s in the merged view for ${formatMs(durationMs)}`,
    description:
      'procdeck serve (PTY) with headless Chromium on the merged view of every instance; memory sampled every ' +
      `${formatMs(sampleEveryMs)} (host RSS from /proc, page JS heap after a garbage collection and DOM nodes from the DevTools protocol); frame intervals and long tasks recorded in the page.`,
    status: failure ? `FAILED (${failure})` : 'ok',
    samples,
    frames,
    profile,
    targets,
    table: {
      headers: ['at', 'host RSS', 'page JS heap', 'DOM nodes'],
      rows: samples.map((s) => [formatMs(s.atMs), formatBytes(s.hostRss), formatBytes(s.pageHeap), String(s.domNodes)]),
    },
  };
}

/** First half's peak against the second half's: how much the figure still climbs. */
function growth(values) {
  const known = values.filter((v) => Number.isFinite(v));
  if (known.length < 2) return null;
  const half = Math.ceil(known.length / 2);
  const first = Math.max(...known.slice(0, half));
  const second = Math.max(...known.slice(half));
  return {
    first,
    second,
    growth: (second - first) / first,
    firstSample: known[0],
    peak: Math.max(first, second),
    last: known[known.length - 1],
  };
}

function describeGrowth(g, format) {
  if (!g) return 'not measured';
  const sign = g.growth >= 0 ? '+' : '';
  return `first half's peak ${format(g.first)}, second half's ${format(g.second)} (${sign}${(g.growth * 100).toFixed(1)} %)`;
}

/** Records every frame's interval and every long task, in the page. */
async function installFrameProbe(page) {
  await page.evaluate(() => {
    const intervals = [];
    const longTasks = [];
    let last = performance.now();
    const frame = (t) => {
      intervals.push(t - last);
      last = t;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: false });
    const at = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? null;
    window.__benchFrames = {
      read: () => {
        const sorted = [...intervals].sort((a, b) => a - b);
        return {
          count: sorted.length,
          p50: at(sorted, 0.5),
          p95: at(sorted, 0.95),
          p99: at(sorted, 0.99),
          max: sorted[sorted.length - 1] ?? null,
          longTasks,
        };
      },
    };
  });
}

/** The page's CPU profile for `ms`: the functions with the most self time, as shares of the samples. */
async function pageProfile(cdp, ms) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.start');
  await sleep(ms);
  const { profile } = await cdp.send('Profiler.stop');
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (const id of profile.samples ?? []) {
    const frame = byNode.get(id)?.callFrame;
    const file = frame?.url ? frame.url.split('/').pop() : '';
    const name = `${frame?.functionName || '(anonymous)'}${file ? ` (${file})` : ''}`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const total = profile.samples?.length ?? 0;
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([name, n]) => ({ name, percent: total ? (100 * n) / total : 0 }));
}
