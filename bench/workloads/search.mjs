// Workload 8 (search): "Search all output" over 1 GiB of logs across 20 instances. The
// host's search worker (electron/host/search/search-worker.ts, bundled here from source
// with rolldown, the same code the host runs) searches for a plain word and the time to
// its last result is compared with `grep -F -c` over the same files in the same run.
// The files are generated in the bench's temporary folder and read once before timing
// (both then read from the page cache); the matching-line counts must agree with grep's.
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, writeSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { REPO } from '../lib/hosts.mjs';
import { formatBytes, formatRatio, formatStat } from '../lib/report.mjs';
import { summarize } from '../lib/stats.mjs';

const NEEDLE = 'ECONNREFUSED';

async function loadSearchWorker() {
  const { build } = await import('rolldown');
  const dir = join(REPO, 'node_modules', '.cache', 'procdeck-bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'search-worker.mjs');
  await build({
    input: join(REPO, 'electron/host/search/search-worker.ts'),
    platform: 'node',
    external: [/^node:/],
    output: { file, format: 'esm' },
    write: true,
    logLevel: 'silent',
  });
  return import(pathToFileURL(file).href);
}

/** One instance's log: ordinary lines, a needle line every `every` lines. Returns its needle lines. */
function writeLog(path, bytes, instance, every) {
  const lines = [];
  for (let i = 0; i < 20_000; i++) lines.push(`${instance} GET /api/items/${i} 200 in ${i % 97} ms user=${i * 7}`);
  const block = Buffer.from(`${lines.join('\n')}\n`);
  const needleLine = Buffer.from(`${instance} upstream error: connect ${NEEDLE} 127.0.0.1:5432\n`);
  const fd = openSync(path, 'w');
  let written = 0;
  let needles = 0;
  let sinceNeedle = 0;
  try {
    while (written < bytes) {
      writeSync(fd, block);
      written += block.length;
      sinceNeedle += 20_000;
      if (sinceNeedle >= every) {
        writeSync(fd, needleLine);
        written += needleLine.length;
        needles++;
        sinceNeedle = 0;
      }
    }
  } finally {
    closeSync(fd);
  }
  return needles;
}

function grepCount(files) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('grep', ['-F', '-c', NEEDLE, ...files], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', () => {
      const ms = performance.now() - started;
      const total = out
        .trim()
        .split('\n')
        .reduce((n, line) => n + Number(line.slice(line.lastIndexOf(':') + 1)), 0);
      resolve({ ms, total });
    });
  });
}

async function workerSearch(runSearch, files) {
  const started = performance.now();
  let total = 0;
  let firstMs = null;
  const search = runSearch(
    {
      files,
      query: { text: NEEDLE, regex: false, caseSensitive: true },
      options: { chunkBytes: 1 << 20, maxLineBytes: 1 << 20, lineChars: 400 },
      maxResults: 5000,
      batchMs: 50,
    },
    (m) => {
      if (m.kind === 'matches' && firstMs === null) firstMs = performance.now() - started;
      if (m.kind === 'done') total = Object.values(m.counts).reduce((a, b) => a + b, 0);
    },
  );
  const outcome = await search.finished;
  return { ms: performance.now() - started, firstMs, total, outcome };
}

export async function searchLogs(ctx, { instances, bytesPerInstance }) {
  const dir = ctx.dir('search');
  const { runSearch } = await loadSearchWorker();
  const files = [];
  let expected = 0;
  for (let i = 1; i <= instances; i++) {
    const instance = `web.${i}`;
    const path = join(dir, `${instance}.log`);
    expected += writeLog(path, bytesPerInstance, instance, 40_000);
    files.push({ instance, stream: 'pty', path, size: statSync(path).size });
  }
  const paths = files.map((f) => f.path);
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  await grepCount(paths); // warm the page cache for both
  const grepTimes = [];
  const searchTimes = [];
  const firstTimes = [];
  const runs = Math.max(1, ctx.runs);
  let wrong = null;
  for (let r = 0; r < runs; r++) {
    const grep = await grepCount(paths);
    const found = await workerSearch(runSearch, files);
    grepTimes.push(grep.ms);
    searchTimes.push(found.ms);
    if (found.firstMs !== null) firstTimes.push(found.firstMs);
    if (grep.total !== expected || found.total !== expected || found.outcome !== 'done')
      wrong = `grep counted ${grep.total}, the search ${found.total} (${found.outcome}), expected ${expected}`;
  }
  const grep = summarize(grepTimes);
  const search = summarize(searchTimes);
  const first = summarize(firstTimes);
  const ratio = search.median / Math.max(1, grep.median);
  ctx.log(
    `  search ${formatStat(search)}, first result ${formatStat(first)}, grep -F -c ${formatStat(grep)}: ${formatRatio(ratio)}`,
  );
  return {
    id: 'search',
    title: '8. Search all output',
    description: `${instances} logs of ${formatBytes(bytesPerInstance)} (${formatBytes(totalBytes)}), ${expected} matching lines: the host's search worker (plain text, case-sensitive) to its last result, against \`grep -F -c\` over the same files, in the same run, page cache warm.`,
    rows: [{ label: 'search', grep, search, first, ratio, status: wrong ?? 'ok' }],
    targets: [
      {
        text: 'time to all results ≤ 2× `grep -F -c`, with the same counts',
        met: wrong === null && ratio <= 2,
        detail: `${formatRatio(ratio)}${wrong ? `; ${wrong}` : ''}`,
      },
    ],
    table: {
      headers: ['logs', 'search worker (all results)', 'first result', 'grep -F -c', 'ratio', 'status'],
      rows: [
        [
          `${instances} × ${formatBytes(bytesPerInstance)}`,
          formatStat(search),
          formatStat(first),
          formatStat(grep),
          formatRatio(ratio),
          wrong ?? 'ok',
        ],
      ],
    },
  };
}
