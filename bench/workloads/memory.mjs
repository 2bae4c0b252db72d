// Workload 6: the host's memory. RSS of `procdeck start` with 1 and with N idle
// instances, and after floods of two sizes through one instance (output to /dev/null):
// what it holds must follow the configured buffers (the output ring: 1 MiB per
// instance), not the amount of output that went through.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUp, launch, signalGroup, waitFor } from '../lib/command.mjs';
import { procdeckHosts } from '../lib/hosts.mjs';
import { markedProcesses, memoryOf } from '../lib/proc-table.mjs';
import { formatBytes, formatStat, runsStatus } from '../lib/report.mjs';
import { summarize } from '../lib/stats.mjs';
import { shellQuote } from './log-throughput.mjs';

const FLOOD = fileURLToPath(new URL('../children/flood.mjs', import.meta.url));
const RING_BYTES = 1024 * 1024; // DEFAULT_RING_BYTES in electron/core/supervisor/runner-environment.ts
const LINE = 80;
/**
 * What "not growing with the output" allows: V8's young generation (up to 2 × 16 MiB
 * semi-spaces) and allocator slack move RSS by this much between two runs whatever went
 * through; memory that grew with the output would move by hundreds of MiB here.
 */
const SLACK = 32 * 1024 ** 2;

export async function hostMemory(ctx, { idle, floods }) {
  const dir = ctx.dir('memory');
  const [pty, pipe] = procdeckHosts();
  const cases = [
    { id: 'idle-1', label: 'idle, 1 instance', host: pty, count: 1, command: 'sleep 3600' },
    { id: `idle-${idle}`, label: `idle, ${idle} instances`, host: pty, count: idle, command: 'sleep 3600' },
    ...[pty, pipe].flatMap((host) =>
      floods[host.adapter].map((bytes) => ({
        id: `flood-${host.adapter}-${bytes}`,
        label: `after ${formatBytes(bytes)} through 1 instance (${host.adapter === 'pty' ? 'PTY' : 'pipes'})`,
        host,
        count: 1,
        floodBytes: bytes,
        command: `${shellQuote(process.execPath)} ${shellQuote(FLOOD)} ${Math.round(bytes / LINE)} flood --then-sleep`,
      })),
    ),
  ];
  const rows = [];
  for (const c of cases) {
    const runs = [];
    for (let run = 0; run < ctx.runs; run++) {
      const result = await measure(ctx, dir, c);
      runs.push(result);
      ctx.log(
        `  memory ${c.label} run ${run + 1}/${ctx.runs}: ${result.ok ? `rss ${formatBytes(result.rss)}, peak ${formatBytes(result.peak)}` : `FAILED (${result.failure})`}`,
      );
    }
    const good = runs.filter((r) => r.ok);
    rows.push({
      case: c.id,
      label: c.label,
      instances: c.count,
      floodBytes: c.floodBytes ?? 0,
      status: runsStatus(runs),
      rss: summarize(good.map((r) => r.rss)),
      peak: summarize(good.map((r) => r.peak)),
      floodSeconds: summarize(good.map((r) => r.floodMs)),
    });
  }
  const byId = new Map(rows.map((r) => [r.case, r]));
  const idleGrowth = (byId.get(`idle-${idle}`)?.rss?.median ?? NaN) - (byId.get('idle-1')?.rss?.median ?? NaN);
  const targets = [
    {
      text: `${idle} idle instances cost the host little: under ${formatBytes(RING_BYTES)} (one ring's capacity) each`,
      met: Number.isFinite(idleGrowth) ? idleGrowth / (idle - 1) < RING_BYTES : false,
      detail: `${formatBytes(idleGrowth)} more than with 1 instance, ${formatBytes(idleGrowth / (idle - 1))} per instance`,
    },
  ];
  for (const host of [pty, pipe]) {
    // The two largest floods: past the warm-up (V8's heap and the allocator grow to their
    // working size during the first hundreds of MiB), growth tied to the output would go on.
    const sizes = floods[host.adapter];
    const [first, small, big] = [sizes[0], sizes.at(-2), sizes.at(-1)].map((b) =>
      byId.get(`flood-${host.adapter}-${b}`),
    );
    const growth = (big?.rss?.median ?? NaN) - (small?.rss?.median ?? NaN);
    const peakGrowth = (big?.peak?.median ?? NaN) - (small?.peak?.median ?? NaN);
    const extra = sizes.at(-1) - sizes.at(-2);
    const warmUp =
      sizes.length > 2
        ? `; from ${formatBytes(sizes[0])} to ${formatBytes(sizes.at(-2))} (warm-up): RSS ${signed((small?.rss?.median ?? NaN) - (first?.rss?.median ?? NaN))}`
        : '';
    targets.push({
      text: `${host.label}: memory follows the buffers, not the output: ${formatBytes(sizes.at(-1))} instead of ${formatBytes(sizes.at(-2))} through one instance moves RSS and peak RSS by less than ${formatBytes(SLACK)}`,
      met:
        Number.isFinite(growth) && Number.isFinite(peakGrowth)
          ? Math.abs(growth) < SLACK && Math.abs(peakGrowth) < SLACK
          : false,
      detail: `RSS ${signed(growth)}, peak ${signed(peakGrowth)} for ${formatBytes(extra)} more output (${((Math.max(growth, peakGrowth) / extra) * 100).toFixed(1)} % of it)${warmUp}`,
    });
  }
  return {
    id: 'memory',
    title: '6. Host memory',
    description: `RSS (VmRSS) and peak RSS (VmHWM) of the \`procdeck start\` process, ${ctx.quick ? '0.3' : '1.5'} s after every instance runs and after the flood ended (the child stays alive, idle); output to /dev/null. Configured buffers: the output ring, ${formatBytes(RING_BYTES)} per instance (no log directory).`,
    rows,
    targets,
    table: {
      headers: ['case', 'host RSS', 'peak RSS', 'flood time', 'status'],
      rows: rows.map((r) => [
        r.label,
        formatStat(r.rss, formatBytes),
        formatStat(r.peak, formatBytes),
        r.floodBytes ? formatStat(r.floodSeconds) : '',
        r.status,
      ]),
    },
  };
}

function signed(bytes) {
  return Number.isFinite(bytes) ? `${bytes >= 0 ? '+' : '−'}${formatBytes(Math.abs(bytes))}` : '—';
}

async function measure(ctx, dir, c) {
  const procfile = join(dir, `${c.id}.Procfile`);
  const timesPath = join(dir, `${c.id}.times`);
  writeFileSync(procfile, `${c.floodBytes ? 'flood' : 'sleeper'}: ${c.command}\n`);
  writeFileSync(timesPath, '');
  const type = c.floodBytes ? 'flood' : 'sleeper';
  const handle = launch({
    argv: c.host.argv({ procfile, type, count: c.count, graceS: 5 }),
    cwd: dir,
    env: { BENCH_CHILD_TIMES: timesPath },
    stderrPath: join(dir, `${c.id}.err`),
  });
  let failure = null;
  let floodMs = null;
  const settled = async () => {
    await sleep(ctx.quick ? 300 : 1500);
  };
  if (c.floodBytes) {
    const done = () => readFileSync(timesPath, 'latin1').trim() !== '';
    if (await waitFor(done, { timeoutMs: ctx.timeoutMs, everyMs: 50 })) {
      const [, start, end] = readFileSync(timesPath, 'latin1').trim().split(' ').map(Number);
      floodMs = end - start;
    } else failure = 'the flood did not finish';
  } else {
    const running = () => markedProcesses(handle.marker, { comm: 'sleep' }).length >= c.count;
    if (!(await waitFor(running, { timeoutMs: 30_000, everyMs: 20 }))) failure = `not all ${c.count} instances ran`;
  }
  await settled();
  const memory = memoryOf(handle.pid);
  if (!memory && !failure) failure = 'the host was gone';
  signalGroup(handle, 'SIGINT');
  const killed = await cleanUp(handle, { graceMs: 10_000 });
  if (!failure && killed.length > 0) failure = `left processes behind: ${killed.join(', ')}`;
  return { ok: failure === null, failure, rss: memory?.rss, peak: memory?.peak, floodMs };
}
