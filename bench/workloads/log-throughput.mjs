// Workloads 1 and 2: log throughput. Children flood numbered 80-byte lines; each host
// prints them to a file (the baselines drain them to /dev/null); every line is counted.
//
// Per run three times are taken: end-to-end (host launched → host exited); the flood
// window (first child started writing → host exited: the throughput figure, free of the
// host's own start-up, which is reported apart); and the children's wall time (first
// start → last line written: how much the host slowed them).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { cleanUp, launch, signalGroup, tail } from '../lib/command.mjs';
import { instanceNames, procdeckHosts } from '../lib/hosts.mjs';
import { countFloodLines } from '../lib/line-count.mjs';
import { formatCount, formatMs, formatRatio, formatStat, runsStatus } from '../lib/report.mjs';
import { ratio, summarize } from '../lib/stats.mjs';

const FLOOD = fileURLToPath(new URL('../children/flood.mjs', import.meta.url));
const DRAIN = fileURLToPath(new URL('../baseline/drain.mjs', import.meta.url));
const FLOOR_ID = 'floor-script';
/** Issue 14's limits: a host's flood window as a multiple of its adapter's floor. */
const FLOOR_LIMIT = { pty: 1.1, pipe: 1.25 };

function hasScript() {
  return spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * @param ctx  the run's context (run.mjs): quick, runs, tmp dir, peers, log
 * @param spec { id, title, children, linesPerChild }
 */
export async function logThroughput(ctx, spec) {
  const { children, linesPerChild } = spec;
  const formation = {
    procfile: join(ctx.dir(spec.id), 'Procfile'),
    type: 'web',
    count: children,
    command: `${shellQuote(process.execPath)} ${shellQuote(FLOOD)} ${linesPerChild} "\${PS:-$FOREMAN_WORKER_NAME}" --barrier ${children}`,
    graceS: 5,
  };
  writeFileSync(formation.procfile, `web: ${formation.command}\n`);
  const baseline = (adapter, toFile) => ({
    id: `baseline-${adapter}${toFile ? '-file' : ''}`,
    label: `baseline: ${adapter === 'pty' ? 'node-pty' : 'pipe'} → ${toFile ? 'file, unchanged' : '/dev/null'}`,
    kind: toFile ? 'reference' : 'baseline',
    adapter,
    available: true,
    argv: (f, outDir) => [
      process.execPath,
      DRAIN,
      adapter,
      ...(toFile ? ['--to', outDir] : []),
      ...instanceNames(f).map((n) => `PS=${n}; export PS; ${f.command}`),
    ],
  });
  // The PTY floor: util-linux `script`, a C program copying each child's PTY master to a
  // file (one `script` per child, all at once). No Node host can copy a PTY faster.
  const floor = {
    id: FLOOR_ID,
    label: 'floor: util-linux script → file, unchanged',
    kind: 'reference',
    adapter: 'pty',
    available: hasScript(),
    reason: 'absent: no `script` (util-linux) on the PATH',
    argv: (f, outDir) => [
      '/bin/sh',
      '-c',
      `${instanceNames(f)
        .map(
          (n, i) =>
            `script -q -e -c ${shellQuote(`PS=${n}; export PS; ${f.command}`)} /dev/null < /dev/null > ${shellQuote(join(outDir, `${i}.out`))} &`,
        )
        .join(' ')} wait`,
    ],
  };
  const [pdPty, pdPipe] = procdeckHosts();
  const hosts = [
    floor,
    baseline('pty', false),
    baseline('pty', true),
    pdPty,
    baseline('pipe', false),
    baseline('pipe', true),
    pdPipe,
    ...ctx.peers,
  ];
  const expected = children * linesPerChild;
  const samples = new Map(hosts.map((h) => [h.id, []]));

  for (let run = 0; run < ctx.runs; run++) {
    for (const host of hosts) {
      if (!host.available) continue;
      const result = await runOnce(ctx, spec, host, formation, expected);
      samples.get(host.id).push(result);
      ctx.log(
        `  ${spec.id} run ${run + 1}/${ctx.runs} ${host.label}: ${result.ok ? formatMs(result.window) : `FAILED (${result.failure})`}`,
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
      adapter: host.adapter,
      baseline: `baseline-${host.adapter}`,
      fileBaseline: `baseline-${host.adapter}-file`,
      status: !host.available ? host.reason : runsStatus(runs),
      window: summarize(good.map((r) => r.window)),
      endToEnd: summarize(good.map((r) => r.e2e)),
      childWall: summarize(good.map((r) => r.child)),
      lines: host.kind === 'baseline' ? null : runs.map((r) => r.lines),
      expected,
    };
  });
  for (const row of rows) {
    const base = rows.find((r) => r.host === row.baseline);
    // Throughput ratio: the baseline's time over this host's (≥ 1 is faster than the baseline).
    const fileBase = rows.find((r) => r.host === row.fileBaseline);
    row.throughputRatio = ratio(base?.window, row.window);
    row.fileThroughputRatio = ratio(fileBase?.window, row.window);
    row.endToEndRatio = ratio(base?.endToEnd, row.endToEnd);
    row.childWallRatio = ratio(row.childWall, base?.childWall);
    // Issue 14's figure: this host's flood window as a multiple of the floor's time (PTY:
    // `script`; pipes: the discarding Node drain), ≤ 1 is at or below the floor.
    const floorRow = rows.find((r) => r.host === (row.adapter === 'pty' ? FLOOR_ID : 'baseline-pipe'));
    row.floorRatio = floorRow?.status === 'ok' ? ratio(row.window, floorRow.window) : null;
  }
  const targets = throughputTargets(rows);
  return {
    id: spec.id,
    title: spec.title,
    kind: 'log-throughput',
    children,
    linesPerChild,
    rows,
    targets,
    table: table(rows),
  };
}

async function runOnce(ctx, spec, host, formation, expected) {
  const dir = ctx.dir(spec.id);
  const outPath = join(ctx.outputDir, `${host.id}.out`);
  // The file-writing baseline writes one file per child, into this folder.
  const outDir = join(ctx.outputDir, `${host.id}.d`);
  mkdirSync(outDir, { recursive: true });
  const timesPath = join(dir, `${host.id}.times`);
  writeFileSync(timesPath, '');
  const handle = launch({
    argv: host.argv(formation, outDir),
    cwd: dir,
    env: { BENCH_CHILD_TIMES: timesPath },
    stdoutPath: outPath,
    stderrPath: join(dir, `${host.id}.err`),
  });
  const timeout = sleep(ctx.timeoutMs).then(() => null);
  const exit = await Promise.race([handle.exited, timeout]);
  if (!exit) signalGroup(handle, 'SIGKILL');
  const killed = await cleanUp(handle);
  const times = readFileSync(timesPath, 'latin1')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').map(Number));
  const childStart = Math.min(...times.map((t) => t[1]));
  const childEnd = Math.max(...times.map((t) => t[2]));
  let lines = null;
  let errors = [];
  if (host.kind !== 'baseline') {
    const files = host.kind === 'reference' ? readdirSync(outDir).map((f) => join(outDir, f)) : [outPath];
    const counted = files.map((file) => countFloodLines(file, { prefixed: host.kind !== 'reference' }));
    lines = counted.reduce((sum, c) => sum + c.lines, 0);
    errors = counted.flatMap((c) => c.errors);
  }
  rmSync(outPath, { force: true });
  rmSync(outDir, { recursive: true, force: true });
  const failure = !exit
    ? `timed out after ${formatMs(ctx.timeoutMs)}`
    : times.length !== formation.count
      ? `${times.length} of ${formation.count} children finished (${tail(handle.stderrPath, 2)})`
      : lines !== null && lines !== expected
        ? `${formatCount(lines)} of ${formatCount(expected)} lines${errors[0] ? `; ${errors[0]}` : ''}`
        : errors.length > 0
          ? `${errors.length} damaged line(s): ${errors[0]}`
          : killed.length > 0
            ? `left processes behind: ${killed.join(', ')}`
            : null;
  return {
    ok: failure === null,
    failure,
    exit: exit && { code: exit.code, signal: exit.signal },
    e2e: exit ? exit.at - handle.startedAt : null,
    window: exit ? exit.at - childStart : null,
    child: childEnd - childStart,
    startup: childStart - handle.startedAt,
    lines,
    errors,
  };
}

function throughputTargets(rows) {
  const targets = [];
  for (const pd of rows.filter((r) => r.kind === 'procdeck')) {
    const ok = pd.status === 'ok';
    const limit = FLOOR_LIMIT[pd.adapter];
    const floorName = pd.adapter === 'pty' ? 'the `script` floor' : 'the discarding Node supervisor (pipe → /dev/null)';
    targets.push({
      text: `${pd.label}: flood window ≤ ${limit.toFixed(2)}× ${floorName}'s, every line kept`,
      met: ok && pd.floorRatio !== null ? pd.floorRatio <= limit : pd.floorRatio === null && ok ? null : false,
      detail: `${formatRatio(pd.floorRatio)}; throughput × the ${pd.adapter} drain to /dev/null: ${formatRatio(pd.throughputRatio)}; like for like, against the drain that writes the same file: ${formatRatio(pd.fileThroughputRatio)}; end-to-end, start-up included: ${formatRatio(pd.endToEndRatio)}${ok ? '' : `; ${pd.status}`}`,
    });
  }
  const pipe = rows.find((r) => r.host === 'procdeck-pipe');
  for (const peer of rows.filter((r) => r.kind === 'peer')) {
    // Absent or not measured (--no-peers): no verdict either way; a peer that ran and
    // damaged lines is a verdict (its output is not a result).
    if (peer.status !== 'ok' && !peer.status.startsWith('FAILED')) {
      targets.push({ text: `ahead of ${peer.label}`, met: null, detail: peer.status });
      continue;
    }
    const peerTime = peer.status === 'ok' ? peer.window?.median : Infinity;
    targets.push({
      text: `procdeck start --pipes ahead of ${peer.label} (peers read pipes too)`,
      met: pipe?.status === 'ok' && pipe.window.median < peerTime,
      detail:
        peer.status === 'ok'
          ? `flood window ${formatMs(pipe?.window?.median)} vs ${formatMs(peerTime)}: Procdeck's throughput is ${formatRatio(peerTime / (pipe?.window?.median ?? NaN))} the peer's; end-to-end ${formatMs(pipe?.endToEnd?.median)} vs ${formatMs(peer.endToEnd?.median)}`
          : `the peer's output is not a result: ${peer.status}`,
    });
  }
  return targets;
}

function table(rows) {
  return {
    headers: [
      'host',
      'flood window (child start → host exit)',
      'time × floor (PTY: script; pipes: drain)',
      'throughput × baseline (/dev/null)',
      'throughput × baseline → file',
      'end-to-end (launch → exit)',
      '× baseline',
      "children's wall time",
      'lines counted (per run)',
      'status',
    ],
    rows: rows.map((r) => [
      r.label,
      formatStat(r.window),
      r.host === FLOOR_ID || r.host === 'baseline-pipe' ? '1.00×' : formatRatio(r.floorRatio),
      r.kind === 'baseline' ? '1.00×' : formatRatio(r.throughputRatio),
      r.kind === 'baseline' ? '' : r.host === r.fileBaseline ? '1.00×' : formatRatio(r.fileThroughputRatio),
      formatStat(r.endToEnd),
      r.kind === 'baseline' ? '1.00×' : formatRatio(r.endToEndRatio),
      formatStat(r.childWall),
      r.lines === null
        ? `(drained; ${formatCount(r.expected)} written)`
        : r.lines.length === 0
          ? '—'
          : `${r.lines.map(formatCount).join(', ')} of ${formatCount(r.expected)}`,
      r.status,
    ]),
  };
}

export function shellQuote(text) {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
