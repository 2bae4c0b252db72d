/**
 * The benchmark still runs: `npm run bench -- --quick` (reduced sizes, one run each, no
 * peers) completes, leaves no process behind, and every host kept every line. Timing
 * targets are not asserted here: quick sizes on a shared machine say nothing about them;
 * `npm run bench` and docs/benchmarks.md do.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');

interface Row {
  readonly label: string;
  readonly kind?: string;
  readonly status: string;
  readonly lines?: readonly (number | null)[] | null;
  readonly expected?: number;
}
interface Workload {
  readonly id: string;
  readonly title: string;
  readonly error?: string;
  readonly rows?: readonly Row[];
  readonly linesPerChild?: number;
  readonly children?: number;
}
interface Report {
  readonly workloads: readonly Workload[];
  readonly leftoverProcesses: number;
}

const dir = mkdtempSync(join(tmpdir(), 'procdeck-bench-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runQuickBench(): Promise<{ code: number | null; stderr: string; report: Report }> {
  const jsonPath = join(dir, 'bench.json');
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['bench/run.mjs', '--quick', '--no-peers', `--json=${jsonPath}`], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', fail);
    child.once('exit', (code) => {
      try {
        done({ code, stderr, report: JSON.parse(readFileSync(jsonPath, 'utf8')) as Report });
      } catch (error) {
        fail(new Error(`no JSON report (exit ${code}):\n${stderr}\n${String(error)}`));
      }
    });
  });
}

describe('npm run bench -- --quick', () => {
  it('runs every workload to the end, counts every line, and leaves no process behind', async () => {
    const { code, stderr, report } = await runQuickBench();
    expect(
      report.workloads.map((w) => w.error ?? 'ok'),
      stderr,
    ).toEqual(report.workloads.map(() => 'ok'));
    expect(report.workloads.map((w) => w.id)).toEqual([
      'log-throughput',
      'fan-out',
      'formation',
      'stubborn',
      'ui',
      'memory',
      'event-loop',
      'env-parse',
      'sampling',
      'search',
      'ui-many',
    ]);
    expect(report.leftoverProcesses).toBe(0);
    expect(code, stderr).toBe(0);

    for (const workload of report.workloads) {
      for (const row of workload.rows ?? []) {
        const skipped =
          row.status.startsWith('not measured (--no-peers)') ||
          (workload.id === 'ui' && row.status.startsWith('not run: no Chromium'));
        expect(skipped || row.status === 'ok', `${workload.title} / ${row.label}: ${row.status}`).toBe(true);
        // Every host that printed the flood kept every line, in order, with its prefix.
        if (!skipped && row.lines && row.expected !== undefined) {
          expect(row.lines, `${workload.title} / ${row.label}`).toEqual(row.lines.map(() => row.expected));
        }
      }
    }
    const throughput = report.workloads.find((w) => w.id === 'log-throughput');
    const procdeckRows = throughput?.rows?.filter((r) => r.kind === 'procdeck') ?? [];
    expect(procdeckRows.map((r) => r.label)).toEqual(['procdeck start (PTY)', 'procdeck start --pipes']);
  }, 180_000);
});
