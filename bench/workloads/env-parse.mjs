// Workload 8: reading pathological .env files. dotenv's own parse is quadratic in the
// blank lines between two comments, and a naive name check is quadratic on a long line
// without `=`; Procdeck reads the same grammar in linear time. The core's env loader
// (read, parse, warnings, expansion: electron/core/env/load-env.ts, bundled here from
// source with rolldown) is timed in this process; plain `dotenv.parse` is the baseline
// where it finishes in reasonable time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { REPO } from '../lib/hosts.mjs';
import { formatRatio, formatStat } from '../lib/report.mjs';
import { summarize } from '../lib/stats.mjs';

const SHAPES = {
  'blank lines between two comments': (n) => `# a\n${'\n'.repeat(n)}# b\nA=1\n`,
  'one long line without =': (n) => `${'/'.repeat(n)}\nA=1\n`,
};

/** The core's loader, bundled where its dependencies resolve (node_modules). */
async function loadCoreEnvLoader() {
  const { build } = await import('rolldown');
  const dir = join(REPO, 'node_modules', '.cache', 'procdeck-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'load-env.mjs');
  await build({
    input: join(REPO, 'electron/core/env/load-env.ts'),
    platform: 'node',
    external: [/^node:/, 'dotenv', 'dotenv-expand'],
    output: { file, format: 'esm' },
    write: true,
    logLevel: 'silent',
  });
  return import(pathToFileURL(file).href);
}

async function timeRuns(runs, fn) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    samples.push(performance.now() - started);
  }
  return summarize(samples);
}

export async function envParse(ctx, { sizes, dotenvUpTo }) {
  const dir = ctx.dir('env-parse');
  const { loadEnvFiles } = await loadCoreEnvLoader();
  const { parse } = createRequire(join(REPO, 'package.json'))('dotenv');
  const rows = [];
  for (const [shape, make] of Object.entries(SHAPES)) {
    for (const n of sizes) {
      const file = join(dir, `${rows.length}.env`);
      const text = make(n);
      writeFileSync(file, text);
      let values = null;
      const time = await timeRuns(
        ctx.runs,
        async () => (values = (await loadEnvFiles([file], {}, { required: true })).values),
      );
      const base = n <= dotenvUpTo ? await timeRuns(ctx.runs, () => parse(text)) : null;
      const ok = values?.A === '1';
      ctx.log(
        `  ${shape}, ${n}: procdeck ${formatStat(time)}, dotenv ${base ? formatStat(base) : 'not run'}${ok ? '' : ' WRONG RESULT'}`,
      );
      rows.push({
        label: `${shape}, ${n}`,
        shape,
        n,
        bytes: text.length,
        status: ok ? 'ok' : 'FAILED: A is not 1',
        time,
        base,
      });
    }
  }
  const growth = (shape) => {
    const of = rows.filter((r) => r.shape === shape);
    const first = of[0];
    const last = of[of.length - 1];
    return first && last && first.n !== last.n
      ? { factor: last.n / first.n, time: (last.time?.median ?? 0) / Math.max(0.5, first.time?.median ?? 0) }
      : null;
  };
  return {
    id: 'env-parse',
    title: '8. Pathological .env files',
    description: `The core's env loader (read, parse, warnings, expansion) on each file, in process; baseline \`dotenv.parse\` on the text alone, up to ${dotenvUpTo.toLocaleString('en-US')} lines or bytes (beyond that it takes seconds to minutes).`,
    rows,
    targets: Object.keys(SHAPES).map((shape) => {
      const g = growth(shape);
      const all = rows.filter((r) => r.shape === shape);
      return {
        text: `${shape}: linear (${g ? `${g.factor}× the size → under ${2 * g.factor}× the time` : 'one size'}, or every size under 50 ms), and correct`,
        met:
          g === null
            ? null
            : all.every((r) => r.status === 'ok') &&
              (g.time < 2 * g.factor || all.every((r) => (r.time?.median ?? Infinity) < 50)),
        detail: g ? `${formatRatio(g.time)} the time` : undefined,
      };
    }),
    table: {
      headers: ['shape', 'lines or bytes', 'file size', 'Procdeck (load-env)', 'dotenv.parse', 'status'],
      rows: rows.map((r) => [
        r.shape,
        r.n.toLocaleString('en-US'),
        `${Math.round(r.bytes / 1024)} KiB`,
        formatStat(r.time),
        r.base ? formatStat(r.base) : 'not run (too slow)',
        r.status,
      ]),
    },
  };
}
