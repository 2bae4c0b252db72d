// Turning results into text: Markdown tables (the terminal and docs/benchmarks.md show
// the same) and the formatting of times, sizes and ratios.

export function markdownTable(headers, rows) {
  const escape = (cell) => String(cell ?? '').replace(/\|/g, '\\|');
  return [
    `| ${headers.map(escape).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** 1234 → "1.23 s", 87.4 → "87 ms", 3.2 → "3.2 ms". */
export function formatMs(ms) {
  if (ms == null || !Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${Math.round(ms)} ms`;
  return `${ms.toFixed(1)} ms`;
}

export function formatBytes(bytes) {
  if (bytes == null || !Number.isFinite(bytes)) return '—';
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** A summary as "median (min–max)", or "median" when there was one run. */
export function formatStat(stat, format = formatMs) {
  if (!stat) return '—';
  if (stat.n === 1 || stat.min === stat.max) return format(stat.median);
  return `${format(stat.median)} (${format(stat.min)}–${format(stat.max)})`;
}

export function formatRatio(value) {
  if (value == null || !Number.isFinite(value)) return '—';
  return `${value.toFixed(2)}×`;
}

export function formatCount(n) {
  return n == null ? '—' : n.toLocaleString('en-US');
}

/** A target line: "✅ met" / "❌ missed" with the figure. */
export function formatTarget(target) {
  const mark = target.met === null ? '➖ not measured' : target.met ? '✅ met' : '❌ missed';
  return `${mark}: ${target.text}${target.detail ? ` — ${target.detail}` : ''}`;
}

/** A row's status: 'ok', or how many of its runs failed and the first reason. */
export function runsStatus(runs) {
  const failed = runs.filter((r) => !r.ok);
  return failed.length === 0 ? 'ok' : `FAILED ${failed.length} of ${runs.length}: ${failed[0].failure}`;
}
