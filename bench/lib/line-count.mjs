// Counts the flood children's lines in an output file, and checks none was lost.
//
// A flood line carries `#BENCH:<id>:<seq>:` (children/flood.mjs). Per id, the sequence
// must run 0, 1, 2, … with no gap, repeat or reordering; whatever a host put before the
// marker (prefix, timestamp, colour) is ignored, and so is a trailing CR.
import { closeSync, openSync, readSync } from 'node:fs';

const MARK = Buffer.from('#BENCH:');
const NL = 0x0a;

/**
 * With `prefixed`, a line must also show its instance's name before the marker
 * (`web.1 | #BENCH:web.1:…`): a host that mixed up prefixes has damaged lines.
 * @returns {{ lines: number, perId: Record<string, number>, errors: string[] }}
 * `lines`: flood lines found; `perId`: one past the last sequence number seen per id;
 * `errors`: the first few anomalies (gaps, repeats, garbled lines). A clean run has
 * `lines` equal to what the children wrote and no errors.
 */
export function countFloodLines(path, { prefixed = false } = {}) {
  const perId = new Map();
  const errors = [];
  let lines = 0;
  const fd = openSync(path, 'r');
  const block = Buffer.allocUnsafe(4 * 1024 * 1024);
  let carry = Buffer.alloc(0);
  try {
    for (;;) {
      const n = readSync(fd, block, 0, block.length, null);
      if (n === 0) break;
      const data = carry.length > 0 ? Buffer.concat([carry, block.subarray(0, n)]) : block.subarray(0, n);
      let from = 0;
      for (let nl = data.indexOf(NL, from); nl >= 0; nl = data.indexOf(NL, from)) {
        line(data, from, nl);
        from = nl + 1;
      }
      carry = Buffer.from(data.subarray(from));
    }
    if (carry.length > 0) line(carry, 0, carry.length);
  } finally {
    closeSync(fd);
  }
  return { lines, perId: Object.fromEntries(perId), errors };

  function line(data, from, end) {
    const at = data.indexOf(MARK, from);
    if (at < 0 || at >= end) return;
    const idStart = at + MARK.length;
    const idEnd = data.indexOf(0x3a, idStart);
    if (idEnd < 0 || idEnd >= end || idEnd + 10 > end)
      return problem(`garbled line: ${data.toString('latin1', from, Math.min(end, from + 100))}`);
    const id = data.toString('latin1', idStart, idEnd);
    const seq = Number(data.toString('latin1', idEnd + 1, idEnd + 10));
    const expected = perId.get(id) ?? 0;
    if (prefixed && !data.toString('latin1', from, at).includes(id))
      problem(`${id}: line ${seq} lacks its prefix: ${data.toString('latin1', from, at + 30)}`);
    // Count it anyway and resynchronise, so one gap is one error, not a cascade.
    if (seq !== expected) problem(`${id}: line ${seq} where ${expected} was expected`);
    perId.set(id, seq + 1);
    lines++;
  }

  function problem(text) {
    if (errors.length < 5) errors.push(text);
    else if (errors.length === 5) errors.push('…');
  }
}
