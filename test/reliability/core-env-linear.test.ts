/**
 * #27: a pathological 1 MB .env is read in linear time and correctly. dotenv's own parse
 * needs minutes for the first shape (quadratic in the blank lines between two comments);
 * the bound here is generous, since only correctness is asserted on a shared machine
 * (the timings are in `npm run bench`, workload 8).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvFiles } from '../../electron/core/env/load-env';

const MB = 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'procdeck-env-linear-'));

describe('#27 pathological .env files', () => {
  it.each([
    ['blank lines between two comments', `# a\n${'\n'.repeat(MB)}# b\nA=1\n`, { A: '1' }, []],
    ['whitespace-only lines before an entry', `${' \t\n'.repeat(MB / 3)}A=1\n`, { A: '1' }, []],
    ['one long line without =', `${'/'.repeat(MB)}\nA=1\n`, { A: '1' }, [1]],
    // dotenv's `\s*` between a name and its `=` crosses line breaks; the scanner warns per line.
    ['a name, a million blank lines, then =', `K${'\n'.repeat(MB)}=v\nA=1\n`, { K: 'v', A: '1' }, [1, MB + 1]],
    ['a long quoted value across lines', `Q="${'x\n'.repeat(MB / 2)}"\nA=1\n`, { Q: 'x\n'.repeat(MB / 2), A: '1' }, []],
  ] as const)('#27 %s: read correctly, within a generous bound', async (_shape, text, values, warnedLines) => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.env`);
    writeFileSync(file, text);
    const started = performance.now();
    const env = await loadEnvFiles([file], {}, { required: true });
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(env.values).toEqual(values);
    expect(env.diagnostics.map((d) => d.line)).toEqual(warnedLines);
  });
});
