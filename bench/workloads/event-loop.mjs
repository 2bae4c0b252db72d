// Workload 7: the event-loop delay of the process that hosts the supervisor. In the
// desktop app that is Electron's main process, which also drives every window, so a
// blocked loop is a frozen UI; `procdeck serve` runs the same host code and can be
// measured here. N instances run (each printing a line every 2 s), M unrelated processes
// sit on the machine (every /proc scan reads them too), and the host is measured while
// the instances start, while they run, and during a stop-all of all N (SIGINT to serve).
// The delay comes from perf_hooks.monitorEventLoopDelay inside serve, loaded with
// `node --import` (bench/children/loop-delay-probe.mjs), outside Procdeck's own code.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUp, launch, signalGroup, waitFor } from '../lib/command.mjs';
import { PROCDECK } from '../lib/hosts.mjs';
import { markedProcesses } from '../lib/proc-table.mjs';
import { formatMs, formatStat, runsStatus } from '../lib/report.mjs';
import { summarize } from '../lib/stats.mjs';

const PROBE = fileURLToPath(new URL('../children/loop-delay-probe.mjs', import.meta.url));
/** A frame at 60 Hz: a main process that blocks longer drops frames in every window. */
export const LOOP_DELAY_TARGET_MS = 16;
const PHASES = ['start', 'steady', 'stop-all'];

export async function eventLoopDelay(ctx, { instances, unrelated, steadyMs }) {
  const dir = ctx.dir('event-loop');
  const runs = [];
  for (let run = 0; run < ctx.runs; run++) {
    const result = await runOnce(ctx, dir, run, { instances, unrelated, steadyMs });
    runs.push(result);
    ctx.log(
      `  event-loop run ${run + 1}/${ctx.runs}: ${result.ok ? PHASES.map((p) => `${p} p99 ${formatMs(result.phases[p].p99)} max ${formatMs(result.phases[p].max)} busy ${formatMs(result.phases[p].busyMs)} cpu ${formatMs(result.phases[p].cpuMs)} stalls ${(result.phases[p].stalls ?? []).map((s) => `${s.ms}@${s.endedMs}/${result.phases[p].phaseMs}`).join(',')}`).join('; ') : `FAILED (${result.failure})`}`,
    );
  }
  const good = runs.filter((r) => r.ok);
  const status = runsStatus(runs);
  const rows = PHASES.map((phase) => ({
    phase,
    label: phase,
    status,
    p50: summarize(good.map((r) => r.phases[phase].p50)),
    p99: summarize(good.map((r) => r.phases[phase].p99)),
    max: summarize(good.map((r) => r.phases[phase].max)),
    samples: summarize(good.map((r) => r.phases[phase].count)),
    busy: summarize(good.map((r) => r.phases[phase].busyMs)),
    cpu: summarize(good.map((r) => r.phases[phase].cpuMs)),
    seconds: summarize(good.map((r) => r.phases[phase].ms / 1000)),
  }));
  return {
    id: 'event-loop',
    title: `7. Event-loop delay of the supervisor's host: procdeck serve, ${instances} instances, ${unrelated} unrelated processes`,
    description: `\`procdeck serve\` with ${instances} instances (\`while :; do echo "$PS tick"; sleep 2; done\`) and ${unrelated} unrelated \`sleep\` processes on the machine; perf_hooks.monitorEventLoopDelay inside serve, loaded with \`node --import\`; a delay is the time between two 5 ms samples beyond those 5 ms; *loop busy* is the time the loop spent in callbacks (eventLoopUtilization's active time), *CPU* the process's CPU time (all threads). Phases: *start* (launch until all ${instances} run), *steady* (${steadyMs / 1000} s of running), *stop-all* (SIGINT until serve exits, every instance stopped).`,
    rows,
    status,
    targets: rows
      .filter((r) => r.phase !== 'start')
      .map((r) => ({
        text: `${r.phase}: event-loop delay p99 ≤ ${LOOP_DELAY_TARGET_MS} ms (a frame)`,
        met: status === 'ok' && r.p99 !== null && r.p99.max <= LOOP_DELAY_TARGET_MS,
        detail: r.p99 ? `p99 ${formatStat(r.p99)}, max ${formatStat(r.max)}` : 'not measured',
      })),
    table: {
      headers: ['phase', 'p50', 'p99', 'max', 'loop busy', 'CPU', 'samples', 'duration', 'status'],
      rows: rows.map((r) => [
        r.phase,
        formatStat(r.p50),
        formatStat(r.p99),
        formatStat(r.max),
        formatStat(r.busy),
        formatStat(r.cpu),
        formatStat(r.samples, String),
        formatStat(r.seconds, (s) => `${s.toFixed(1)} s`),
        r.status,
      ]),
    },
  };
}

async function runOnce(ctx, dir, run, { instances, unrelated, steadyMs }) {
  const project = join(dir, `project-${run}`);
  const delays = join(dir, `delays-${run}.jsonl`);
  const stdoutPath = join(dir, `serve-${run}.out`);
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'Procfile'), `web: while :; do echo "$PS tick"; sleep 2; done\n`);
  writeFileSync(delays, '');
  // The unrelated processes: one shell's background sleeps, in their own group.
  const crowd = launch({
    argv: ['/bin/sh', '-c', `i=0; while [ $i -lt ${unrelated} ]; do sleep 3600 & i=$((i+1)); done; wait`],
    cwd: dir,
  });
  let serve = null;
  let failure = null;
  const marks = {};
  try {
    if (
      !(await waitFor(() => markedProcesses(crowd.marker, { comm: 'sleep' }).length >= unrelated, {
        timeoutMs: 60_000,
        everyMs: 50,
      }))
    ) {
      throw new Error(
        `only ${markedProcesses(crowd.marker, { comm: 'sleep' }).length} of ${unrelated} unrelated processes started`,
      );
    }
    marks.launch = Date.now();
    serve = launch({
      // BENCH_CPU_PROF_DIR: also write a CPU profile of serve there (to see what blocks the loop).
      argv: [
        process.execPath,
        ...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF_DIR] : []),
        '--import',
        pathToFileURL(PROBE).href,
        PROCDECK,
        'serve',
        project,
        '--listen-port',
        '0',
        '-m',
        `web=${instances}`,
      ],
      cwd: dir,
      env: { PROCDECK_LOOP_DELAY_FILE: delays, PROCDECK_SERVE_TOKEN: `bench-${process.pid}-${run}` },
      stdoutPath,
      stderrPath: join(dir, `serve-${run}.err`),
    });
    const running = () => markedProcesses(serve.marker, { comm: 'sleep' }).length;
    if (!(await waitFor(() => running() >= instances, { timeoutMs: ctx.timeoutMs, everyMs: 50 }))) {
      throw new Error(
        `only ${running()} of ${instances} instances ran; ${readFileSync(join(dir, `serve-${run}.err`), 'utf8').slice(0, 300)}`,
      );
    }
    process.kill(serve.pid, 'SIGUSR2');
    marks.started = Date.now();
    await waitFor(() => lines(delays).length >= 1, { timeoutMs: 5000, everyMs: 10 });
    await sleep(steadyMs);
    process.kill(serve.pid, 'SIGUSR2');
    marks.steady = Date.now();
    await waitFor(() => lines(delays).length >= 2, { timeoutMs: 5000, everyMs: 10 });
    process.kill(serve.pid, 'SIGINT');
    const exited = await Promise.race([serve.exited, sleep(ctx.timeoutMs).then(() => null)]);
    if (!exited) throw new Error('serve did not exit after SIGINT');
    marks.stopped = exited.at;
    if (markedProcesses(serve.marker).length > 0) throw new Error('instances outlived serve');
  } catch (error) {
    failure = String(error.message ?? error).split('\n')[0];
  }
  if (serve) {
    signalGroup(serve, 'SIGINT');
    await cleanUp(serve, { graceMs: 5000 }).catch((error) => (failure ??= error.message));
  }
  signalGroup(crowd, 'SIGKILL');
  await cleanUp(crowd, { graceMs: 1000 }).catch((error) => (failure ??= error.message));
  const reported = lines(delays);
  if (!failure && reported.length < 3) failure = `serve reported ${reported.length} of 3 phases`;
  if (failure) return { ok: false, failure };
  const [start, steady, stop] = reported;
  return {
    ok: true,
    failure: null,
    phases: {
      start: { ...start, ms: marks.started - marks.launch },
      steady: { ...steady, ms: marks.steady - marks.started },
      'stop-all': { ...stop, ms: marks.stopped - marks.steady },
    },
  };
}

function lines(path) {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}
