// Workload 4: a stubborn child that ignores SIGTERM. From SIGINT to the host until the
// child is gone: it should take the grace period (then SIGKILL), and not much more.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUp, launch, now, signalGroup, waitFor } from '../lib/command.mjs';
import { procdeckHosts } from '../lib/hosts.mjs';
import { isAlive, markedProcesses } from '../lib/proc-table.mjs';
import { formatMs, formatRatio, formatStat, runsStatus } from '../lib/report.mjs';
import { summarize } from '../lib/stats.mjs';

// `trap '' TERM` makes the shell ignore SIGTERM, and `sleep` inherits the ignored signal.
const STUBBORN = `trap '' TERM; sleep 3600`;

export async function stubbornChild(ctx, { graceS }) {
  const dir = ctx.dir('stubborn');
  const formation = { procfile: join(dir, 'Procfile'), type: 'stubborn', count: 1, command: STUBBORN, graceS };
  writeFileSync(formation.procfile, `stubborn: ${STUBBORN}\n`);
  const hosts = procdeckHosts();
  const rows = [];
  for (const host of hosts) {
    const runs = [];
    for (let run = 0; run < ctx.runs; run++) {
      const result = await runOnce(ctx, dir, host, formation);
      runs.push(result);
      ctx.log(
        `  stubborn run ${run + 1}/${ctx.runs} ${host.label}: ${result.ok ? formatMs(result.gone) : `FAILED (${result.failure})`}`,
      );
    }
    const good = runs.filter((r) => r.ok);
    const gone = summarize(good.map((r) => r.gone));
    rows.push({
      host: host.id,
      label: host.label,
      kind: host.kind,
      status: runsStatus(runs),
      gone,
      exit: summarize(good.map((r) => r.exit)),
      graceRatio: gone ? gone.median / (graceS * 1000) : null,
    });
  }
  return {
    id: 'stubborn',
    title: `4. Stubborn child (ignores SIGTERM), grace period ${graceS} s`,
    description: `\`${STUBBORN}\` under \`procdeck start -t ${graceS}\`; SIGINT to the host's group; "gone" = no process of the run left but the host. The reference is the grace period itself.`,
    rows,
    targets: rows.map((r) => ({
      text: `${r.label}: the stubborn child is gone after ≈ the grace period (within +10 %)`,
      met: r.status === 'ok' && r.graceRatio !== null && r.graceRatio >= 1 && r.graceRatio <= 1.1,
      detail: `${formatMs(r.gone?.median)} = ${formatRatio(r.graceRatio)} the grace period`,
    })),
    table: {
      headers: ['host', 'SIGINT → child gone', '× grace period', 'SIGINT → host exited', 'status'],
      rows: rows.map((r) => [r.label, formatStat(r.gone), formatRatio(r.graceRatio), formatStat(r.exit), r.status]),
    },
  };
}

async function runOnce(ctx, dir, host, formation) {
  const handle = launch({ argv: host.argv(formation), cwd: dir, stderrPath: join(dir, `${host.id}.err`) });
  const members = () => markedProcesses(handle.marker).filter((p) => p.pid !== handle.pid);
  let failure = null;
  let gone = null;
  let exit = null;
  // Running = the shell and its sleep, both carrying the marker.
  if (!(await waitFor(() => members().some((p) => p.comm === 'sleep'), { timeoutMs: 20_000, everyMs: 10 }))) {
    failure = 'the stubborn child never ran';
  } else {
    await sleep(ctx.quick ? 300 : 1200);
    const pids = members();
    const sent = now();
    signalGroup(handle, 'SIGINT');
    if (
      await waitFor(() => !pids.some((p) => isAlive(p.pid)), {
        timeoutMs: formation.graceS * 1000 + 10_000,
        everyMs: 5,
      })
    )
      gone = now() - sent;
    else failure = 'the child outlived grace period + 10 s';
    const exited = await Promise.race([handle.exited, sleep(15_000).then(() => null)]);
    if (exited) exit = exited.at - sent;
    else failure ??= 'the host did not exit';
  }
  if (failure) signalGroup(handle, 'SIGKILL');
  const killed = await cleanUp(handle);
  if (!failure && killed.length > 0) failure = `left processes behind: ${killed.join(', ')}`;
  return { ok: failure === null, failure, gone, exit };
}
