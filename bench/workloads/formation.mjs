// Workload 3: formation start/stop. N instances of a sleeping process: the time until all
// N run (seen in the process table), then the time from SIGINT (to the host's process
// group, as a terminal's Ctrl-C) until none of them is left, and until the host has exited.
// Baseline: a bare Node loop spawning N process groups and killing them (baseline/groups.mjs).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUp, launch, now, signalGroup, waitFor } from '../lib/command.mjs';
import { procdeckHosts } from '../lib/hosts.mjs';
import { hasMarker, isAlive, listProcesses, markedProcesses } from '../lib/proc-table.mjs';
import { formatMs, formatRatio, formatStat, runsStatus } from '../lib/report.mjs';
import { ratio, summarize } from '../lib/stats.mjs';

const GROUPS = fileURLToPath(new URL('../baseline/groups.mjs', import.meta.url));
const SLEEP_COMMAND = 'sleep 3600';

export async function formationStartStop(ctx, { count }) {
  const dir = ctx.dir('formation');
  const formation = { procfile: join(dir, 'Procfile'), type: 'sleeper', count, command: SLEEP_COMMAND, graceS: 5 };
  writeFileSync(formation.procfile, `sleeper: ${SLEEP_COMMAND}\n`);
  const baseline = {
    id: 'baseline',
    label: `baseline: Node loop, ${count} process groups`,
    kind: 'baseline',
    available: true,
    argv: (f) => [process.execPath, GROUPS, String(f.count), f.command],
  };
  const hosts = [baseline, ...procdeckHosts(), ...ctx.peers];
  const samples = new Map(hosts.map((h) => [h.id, []]));
  for (let run = 0; run < ctx.runs; run++) {
    for (const host of hosts) {
      if (!host.available) continue;
      const result = await runOnce(ctx, dir, host, formation);
      samples.get(host.id).push(result);
      ctx.log(
        `  formation run ${run + 1}/${ctx.runs} ${host.label}: ${result.ok ? `up ${formatMs(result.up)}, stop ${formatMs(result.stop)}` : `FAILED (${result.failure})`}`,
      );
    }
  }
  const rows = hosts.map((host) => {
    const runs = samples.get(host.id);
    const good = runs.filter((r) => r.ok);
    return {
      host: host.id,
      label: host.label,
      kind: host.kind,
      status: !host.available ? host.reason : runsStatus(runs),
      up: summarize(good.map((r) => r.up)),
      stop: summarize(good.map((r) => r.stop)),
      exit: summarize(good.map((r) => r.exit)),
    };
  });
  const base = rows[0];
  for (const row of rows) {
    row.upRatio = ratio(row.up, base.up);
    row.stopRatio = ratio(row.stop, base.stop);
    row.exitRatio = ratio(row.exit, base.exit);
  }
  const targets = rows
    .filter((r) => r.kind === 'procdeck')
    .flatMap((r) => [
      {
        text: `${r.label}: all ${count} running within 1.5× the baseline's time`,
        met: r.status === 'ok' && r.upRatio <= 1.5,
        detail: `${formatRatio(r.upRatio)} (${formatMs(r.up?.median)} vs ${formatMs(base.up?.median)})`,
      },
      {
        text: `${r.label}: all stopped within 1.5× the baseline's time`,
        met: r.status === 'ok' && r.stopRatio <= 1.5,
        detail: `${formatRatio(r.stopRatio)} (${formatMs(r.stop?.median)} vs ${formatMs(base.stop?.median)})`,
      },
    ]);
  return {
    id: 'formation',
    title: `3. Formation start/stop: ${count} sleeping instances`,
    description: `\`${SLEEP_COMMAND}\` × ${count}; "all running" = ${count} \`sleep\` processes carrying the run's marker in the process table (polled every 5 ms); SIGINT goes to the host's process group, as Ctrl-C in a terminal; "stopped" = no process of the run left but the host; "host exited" = the host process itself is gone.`,
    rows,
    targets,
    table: {
      headers: [
        'host',
        `all ${count} running`,
        '× baseline',
        'SIGINT → none left',
        '× baseline',
        'SIGINT → host exited',
        '× baseline',
        'status',
      ],
      rows: rows.map((r) => [
        r.label,
        formatStat(r.up),
        formatRatio(r.upRatio),
        formatStat(r.stop),
        formatRatio(r.stopRatio),
        formatStat(r.exit),
        formatRatio(r.exitRatio),
        r.status,
      ]),
    },
  };
}

async function runOnce(ctx, dir, host, formation) {
  const handle = launch({ argv: host.argv(formation), cwd: dir, stderrPath: join(dir, `${host.id}.err`) });
  // Pids seen carrying the marker. Only a positive answer is kept: a process caught
  // between fork and exec may not show its environment yet.
  const marked = new Set();
  const running = () => {
    let n = 0;
    for (const p of listProcesses()) {
      if (p.comm !== 'sleep' || p.state === 'Z') continue;
      if (!marked.has(p.pid) && hasMarker(p.pid, handle.marker)) marked.add(p.pid);
      if (marked.has(p.pid)) n++;
    }
    return n;
  };
  let failure = null;
  let up = null;
  let stop = null;
  let exit = null;
  if (!(await waitFor(() => running() >= formation.count, { timeoutMs: ctx.timeoutMs / 4 }))) {
    failure = `only ${running()} of ${formation.count} running after ${formatMs(ctx.timeoutMs / 4)}`;
  } else {
    up = now() - handle.startedAt;
    // Let the host settle (Procdeck calls an instance running after 1 s) before stopping.
    await sleep(ctx.quick ? 300 : 1500);
    const members = markedProcesses(handle.marker).filter((p) => p.pid !== handle.pid);
    const sent = now();
    signalGroup(handle, 'SIGINT');
    const noneLeft = () => {
      if (members.some((p) => isAlive(p.pid))) return false;
      // Everything known is gone: make sure nothing new appeared meanwhile.
      const late = markedProcesses(handle.marker).filter((p) => p.pid !== handle.pid);
      members.push(...late);
      return late.length === 0;
    };
    if (await waitFor(noneLeft, { timeoutMs: ctx.timeoutMs / 4 })) stop = now() - sent;
    else failure = `processes left ${formatMs(ctx.timeoutMs / 4)} after SIGINT`;
    const exited = await Promise.race([handle.exited, sleep(ctx.timeoutMs / 4).then(() => null)]);
    if (exited) exit = exited.at - sent;
    else failure ??= 'the host did not exit after SIGINT';
  }
  if (failure) signalGroup(handle, 'SIGKILL');
  const killed = await cleanUp(handle);
  if (!failure && killed.length > 0) failure = `left processes behind: ${killed.join(', ')}`;
  return { ok: failure === null, failure, up, stop, exit };
}
