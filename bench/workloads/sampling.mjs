// Workload 9: what sampling ports and resources costs the host. `procdeck serve` runs N
// idle instances (`sleep`, one process each, never listening); once they are all up and
// past their start window, the host's own CPU time (utime + stime of its process, every
// thread included, from /proc/PID/stat) is read over a fixed window. The same run with
// PROCDECK_SAMPLING=off (the host's observer never scans; readiness keeps its own probes)
// is the reference: the difference is the sampling's cost in % of one core, the target
// being ≤ 2 %. Runs alternate between the two, so a machine that gets busier part-way
// through weighs on both alike.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUp, launch, signalGroup, tail, waitFor } from '../lib/command.mjs';
import { PROCDECK } from '../lib/hosts.mjs';
import { markedProcesses } from '../lib/proc-table.mjs';
import { formatRatio, formatStat, runsStatus } from '../lib/report.mjs';
import { summarize } from '../lib/stats.mjs';

/** The most the observer may cost the host with 100 idle instances: 2 % of one core. */
export const SAMPLING_TARGET_PERCENT = 2;
const TICKS_PER_SECOND = 100; // Linux's USER_HZ
const MODES = ['sampling', 'off'];

export async function samplingCost(ctx, { instances, windowMs, settleMs }) {
  const dir = ctx.dir('sampling');
  const runs = { sampling: [], off: [] };
  for (let run = 0; run < ctx.runs; run++) {
    // Alternate which mode goes first, so a drifting load is shared out.
    const order = run % 2 === 0 ? MODES : [...MODES].reverse();
    for (const mode of order) {
      const result = await runOnce(ctx, dir, `${mode}-${run}`, { mode, instances, windowMs, settleMs });
      runs[mode].push(result);
      ctx.log(
        `  sampling run ${run + 1}/${ctx.runs} (${mode}): ${result.ok ? `host CPU ${result.percent.toFixed(2)} % of one core over ${(result.ms / 1000).toFixed(1)} s` : `FAILED (${result.failure})`}`,
      );
    }
  }
  const percent = (mode) => summarize(runs[mode].filter((r) => r.ok).map((r) => r.percent));
  const withSampling = percent('sampling');
  const without = percent('off');
  // The cost per pair of runs (run k with sampling minus run k without): its median and spread.
  const pairs = runs.sampling
    .map((r, k) => (r.ok && runs.off[k]?.ok ? r.percent - runs.off[k].percent : null))
    .filter((v) => v !== null);
  const cost = summarize(pairs);
  const status = runsStatus([...runs.sampling, ...runs.off]);
  const pct = (v) => `${v.toFixed(2)} %`;
  const signed = (v) => `${v >= 0 ? '+' : ''}${v.toFixed(2)} %`;
  const ratio = withSampling && without && without.median > 0 ? withSampling.median / without.median : null;
  return {
    id: 'sampling',
    title: `9. Sampling cost: procdeck serve with ${instances} idle instances`,
    description: `\`procdeck serve\` with ${instances} idle instances (\`sleep\`); after all are up and ${settleMs / 1000} s more, the host process's CPU time (utime + stime, all threads) over ${windowMs / 1000} s, with the observer sampling once a second, and with \`PROCDECK_SAMPLING=off\`. Cost = with − without, per pair of runs (alternating order).`,
    status,
    table: {
      headers: ['host', 'CPU, % of one core', 'status'],
      rows: [
        ['sampling (1 scan/s)', formatStat(withSampling, pct), status],
        ['PROCDECK_SAMPLING=off', formatStat(without, pct), status],
        ['cost (with − without)', formatStat(cost, signed), status],
        ['ratio (with / without)', formatRatio(ratio), status],
      ],
    },
    targets: [
      {
        text: `sampling ${instances} idle instances costs the host ≤ ${SAMPLING_TARGET_PERCENT} % of one core`,
        met: status === 'ok' && cost !== null ? cost.median <= SAMPLING_TARGET_PERCENT : null,
        detail: cost ? `cost ${formatStat(cost, signed)} of one core; ratio ${formatRatio(ratio)}` : 'not measured',
      },
    ],
  };
}

async function runOnce(ctx, dir, name, { mode, instances, windowMs, settleMs }) {
  const project = join(dir, `project-${name}`);
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'Procfile'), 'idle: sleep 3600\n');
  const serve = launch({
    argv: [process.execPath, PROCDECK, 'serve', project, '--listen-port', '0', '-m', `idle=${instances}`],
    cwd: dir,
    env: {
      PROCDECK_SERVE_TOKEN: `bench-${process.pid}-${name}`,
      ...(mode === 'off' ? { PROCDECK_SAMPLING: 'off' } : {}),
    },
    stdoutPath: join(dir, `serve-${name}.out`),
    stderrPath: join(dir, `serve-${name}.err`),
  });
  let failure = null;
  let measured = null;
  try {
    const running = () => markedProcesses(serve.marker, { comm: 'sleep' }).length;
    if (!(await waitFor(() => running() >= instances, { timeoutMs: ctx.timeoutMs, everyMs: 100 })))
      throw new Error(`only ${running()} of ${instances} instances ran; ${tail(serve.stderrPath, 3)}`);
    // Past every start window (readiness of a type that never listens), so only steady work is left.
    await sleep(settleMs);
    const before = cpuTicks(serve.pid);
    const from = performance.now();
    await sleep(windowMs);
    const after = cpuTicks(serve.pid);
    const ms = performance.now() - from;
    if (running() < instances) throw new Error(`instances ended during the window (${running()} of ${instances})`);
    measured = { ms, percent: ((after - before) / TICKS_PER_SECOND / (ms / 1000)) * 100 };
    process.kill(serve.pid, 'SIGINT');
    const exited = await Promise.race([serve.exited, sleep(ctx.timeoutMs).then(() => null)]);
    if (!exited) throw new Error('serve did not exit after SIGINT');
  } catch (error) {
    failure = String(error.message ?? error).split('\n')[0];
  }
  signalGroup(serve, 'SIGINT');
  await cleanUp(serve, { graceMs: 5000 }).catch((error) => (failure ??= error.message));
  return failure ? { ok: false, failure } : { ok: true, failure: null, ...measured };
}

/** utime + stime of one process (all its threads), in clock ticks. */
function cpuTicks(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}
