// `npm run bench`: Procdeck's hosts measured with real processes, side by side with a
// raw baseline (and Foreman-style peers) run in the same invocation; every figure is
// also given as a ratio to that baseline, because absolute times drift on shared machines.
// See docs/benchmarks.md for the workloads, the targets and the latest full results.
import { accessSync, constants, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { killEverythingActive } from './lib/command.mjs';
import { peerHosts } from './lib/hosts.mjs';
import { describeMachine, loadNow } from './lib/machine.mjs';
import { parseOptions, USAGE } from './lib/options.mjs';
import { formatTarget, markdownTable } from './lib/report.mjs';
import { markedProcesses } from './lib/proc-table.mjs';
import { envParse } from './workloads/env-parse.mjs';
import { eventLoopDelay } from './workloads/event-loop.mjs';
import { formationStartStop } from './workloads/formation.mjs';
import { logThroughput } from './workloads/log-throughput.mjs';
import { hostMemory } from './workloads/memory.mjs';
import { stubbornChild } from './workloads/stubborn.mjs';
import { uiAttached } from './workloads/ui-attached.mjs';
import { searchLogs } from './workloads/search.mjs';
import { samplingCost } from './workloads/sampling.mjs';
import { uiMany } from './workloads/ui-many.mjs';

const MiB = 1024 ** 2;

const WORKLOADS = [
  {
    number: '1',
    name: 'log throughput, one process',
    run: (ctx) =>
      logThroughput(ctx, {
        id: 'log-throughput',
        title: '1. Log throughput, one process',
        children: 1,
        linesPerChild: ctx.quick ? 100_000 : 2_000_000,
      }),
    peers: true,
  },
  {
    number: '2',
    name: 'fan-out',
    run: (ctx) =>
      logThroughput(ctx, {
        id: 'fan-out',
        title: '2. Fan-out: 4 processes at once',
        children: 4,
        linesPerChild: ctx.quick ? 25_000 : 500_000,
      }),
    peers: true,
  },
  {
    number: '3',
    name: 'formation start/stop',
    run: (ctx) => formationStartStop(ctx, { count: ctx.quick ? 10 : 50 }),
    peers: true,
  },
  {
    number: '4',
    name: 'stubborn child',
    run: (ctx) => stubbornChild(ctx, { graceS: ctx.quick ? 1 : 2 }),
    peers: false,
  },
  {
    number: '5',
    name: 'UI attached',
    run: (ctx) => uiAttached(ctx, { lines: ctx.quick ? 100_000 : 2_000_000 }),
    peers: false,
  },
  {
    number: '6',
    name: 'host memory',
    run: (ctx) =>
      hostMemory(ctx, {
        idle: ctx.quick ? 10 : 50,
        // Floods per adapter (a PTY carries ~70 MB/s here, a pipe ~1 GB/s).
        floods: ctx.quick
          ? { pty: [5 * MiB, 20 * MiB], pipe: [5 * MiB, 20 * MiB, 50 * MiB] }
          : { pty: [100 * MiB, 1024 * MiB], pipe: [100 * MiB, 1024 * MiB, 3072 * MiB] },
      }),
    peers: false,
  },
  {
    number: '7',
    name: 'event-loop delay',
    run: (ctx) =>
      eventLoopDelay(
        ctx,
        ctx.quick
          ? { instances: 10, unrelated: 100, steadyMs: 2000 }
          : { instances: 50, unrelated: 500, steadyMs: 10_000 },
      ),
    peers: false,
  },
  {
    number: '8',
    name: 'pathological .env files',
    run: (ctx) =>
      envParse(ctx, {
        sizes: ctx.quick ? [8_000, 80_000] : [8_000, 80_000, 1_000_000],
        dotenvUpTo: ctx.quick ? 8_000 : 20_000,
      }),
    peers: false,
  },
  {
    number: '9',
    name: 'sampling cost',
    run: (ctx) =>
      samplingCost(ctx, {
        instances: 100,
        windowMs: ctx.quick ? 5_000 : 20_000,
        settleMs: ctx.quick ? 2_000 : 3_000,
      }),
    peers: false,
  },
  {
    number: '11',
    name: 'search all output',
    run: (ctx) => searchLogs(ctx, { instances: 20, bytesPerInstance: ctx.quick ? 2 * MiB : (1024 * MiB) / 20 }),
    peers: false,
  },
  {
    number: '10',
    name: 'many streams in the page',
    run: (ctx) =>
      uiMany(ctx, {
        instances: ctx.quick ? 20 : 100,
        linesPerSecond: 100,
        durationMs: ctx.quick ? 6_000 : 120_000,
        sampleEveryMs: ctx.quick ? 2_000 : 10_000,
      }),
    peers: false,
  },
];

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!existsSync(new URL('../out/cli/procdeck.js', import.meta.url))) {
    process.stderr.write('bench: Procdeck is not built: run `npm run build` (npm ci does it)\n');
    return 2;
  }
  const log = (text) => process.stderr.write(`${text}\n`);
  const selected = WORKLOADS.filter((w) => !options.only || options.only.has(w.number));
  const tmp = mkdtempSync(join(tmpdir(), 'procdeck-bench-'));
  const ctx = {
    quick: options.quick,
    runs: options.runs,
    timeoutMs: options.quick ? 30_000 : 180_000,
    log,
    dir: (id) => {
      const dir = join(tmp, id);
      mkdirSync(dir, { recursive: true });
      return dir;
    },
    peers: [],
    // Output files go to a RAM file system when there is one: the write is then the same
    // small cost for every host, and the disk's own noise stays out of the figures.
    outputDir:
      process.env.BENCH_OUTPUT_DIR ?? (isWritableDir('/dev/shm') ? mkdtempSync('/dev/shm/procdeck-bench-') : tmp),
  };
  if (selected.some((w) => w.peers)) {
    ctx.peers = options.peers
      ? peerHosts({ install: !options.quick, log })
      : peerHosts({ install: false, log }).map((p) => ({
          ...p,
          available: false,
          reason: 'not measured (--no-peers)',
        }));
  }
  const interrupted = () => {
    killEverythingActive();
    rmSync(tmp, { recursive: true, force: true });
    process.exit(130);
  };
  process.on('SIGINT', interrupted);
  process.on('SIGTERM', interrupted);

  const report = { machine: describeMachine(), options: { quick: options.quick, runs: options.runs }, workloads: [] };
  log(
    `procdeck bench${options.quick ? ' (quick)' : ''}: ${options.runs} run(s) per measurement; load ${report.machine.load}`,
  );
  for (const workload of selected) {
    const loadBefore = loadNow();
    const started = performance.now();
    log(`workload ${workload.number}: ${workload.name}`);
    let result;
    try {
      result = await workload.run(ctx);
    } catch (error) {
      killEverythingActive();
      result = {
        id: workload.number,
        title: `${workload.number}. (failed)`,
        error: error.stack ?? String(error),
        targets: [],
        table: null,
      };
    }
    result.load = { before: loadBefore, after: loadNow() };
    result.seconds = Math.round((performance.now() - started) / 100) / 10;
    report.workloads.push(result);
    log(`   done in ${result.seconds} s`);
  }
  rmSync(tmp, { recursive: true, force: true });
  if (ctx.outputDir !== tmp && !process.env.BENCH_OUTPUT_DIR) rmSync(ctx.outputDir, { recursive: true, force: true });
  const leftovers = markedProcesses('PROCDECK_BENCH_RUN').length;
  report.leftoverProcesses = leftovers;

  const markdown = renderMarkdown(report);
  if (options.json === '-') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(`${markdown}\n`);
  if (options.json && options.json !== '-') writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
  if (options.markdown) writeFileSync(options.markdown, `${markdown}\n`);
  const failed = report.workloads.some((w) => w.error) || leftovers > 0;
  return failed ? 1 : 0;
}

function isWritableDir(path) {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function renderMarkdown(report) {
  const m = report.machine;
  const out = [
    `Machine: ${m.cpu}, ${m.memory}; ${m.os}; Node ${m.node}; Procdeck ${m.procdeck}.`,
    `Run: ${m.date}, ${report.options.quick ? 'quick sizes' : 'full sizes'}, ${report.options.runs} run(s) per figure (median, min–max); load average at start ${m.load}.`,
  ];
  for (const w of report.workloads) {
    out.push('', `### ${w.title}`, '');
    if (w.description) out.push(w.description, '');
    if (w.error) out.push('```', w.error, '```');
    if (w.table) out.push(markdownTable(w.table.headers, w.table.rows));
    if (w.notes?.length) out.push('', ...w.notes.map((n) => `- ${n}`));
    if (w.targets?.length) out.push('', ...w.targets.map((t) => `- ${formatTarget(t)}`));
    out.push('', `Load average before/after: ${w.load.before} / ${w.load.after}; ${w.seconds} s.`);
  }
  out.push(
    '',
    report.leftoverProcesses === 0
      ? 'No benchmark process was left running.'
      : `⚠️ ${report.leftoverProcesses} benchmark process(es) were still running at the end.`,
  );
  return out.join('\n');
}

process.exitCode = await main();
