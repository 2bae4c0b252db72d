// Summaries over repeated runs: median and range, never a mean (one slow run on a shared
// machine must not move the figure).

/** @returns {{ median: number, min: number, max: number, n: number } | null} */
export function summarize(samples) {
  const values = samples.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (values.length === 0) return null;
  const mid = values.length >> 1;
  const median = values.length % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  return { median, min: values[0], max: values[values.length - 1], n: values.length };
}

/** `value / reference` of two summaries' medians, or null. */
export function ratio(value, reference) {
  if (!value || !reference || reference.median === 0) return null;
  return value.median / reference.median;
}
