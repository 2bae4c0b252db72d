/**
 * #29: `procdeck start` whose own stdout breaks (EPIPE: piped into `head`, which exits).
 * It must not die at once (its children would get the lifeline's one second): it stops
 * the formation with the full `-t` grace period and exits with EXIT_OUTPUT_BROKEN (74).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_OUTPUT_BROKEN } from '../../electron/cli/cli-io';
import { procdeck } from '../support/cli';
import { FIXTURES } from '../support/formation';

describe('#29 procdeck start when its stdout breaks', () => {
  it('#29 EPIPE: the formation is stopped with the full grace period (a 2 s goodbye is kept whole) and the exit code is 74', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-epipe-'));
    writeFileSync(
      join(dir, 'Procfile'),
      // The goodbye takes 10 × 200 ms: longer than the lifeline's one second.
      `slow: node ${FIXTURES}goodbye.mjs 10 default 200\ntick: node -e "setInterval(() => console.log('tick'), 20)"\n`,
    );
    const run = procdeck(['start', '--pipes', '-t', '8', '-d', dir, '--log-dir', join(dir, 'logs')]);
    await run.waitForStdout('ready:slow.1');
    await run.waitForStdout('tick.1 | tick');
    // The reader goes away, as `head` does after its lines.
    run.child.stdout?.destroy();
    const started = performance.now();
    const exit = await run.exited;
    expect(exit).toEqual({ code: EXIT_OUTPUT_BROKEN, signal: null });
    expect(performance.now() - started).toBeGreaterThan(1500);
    expect(run.stderr()).toMatch(/procdeck: stdout failed \(EPIPE\); stopping all processes/);
    expect(run.stderr()).not.toMatch(/internal error/);
    const log = readFileSync(join(dir, 'logs', 'slow.1.stdout.log'), 'utf8');
    expect(log.split('\n').filter((l) => l.startsWith('bye:slow.1:'))).toEqual(
      Array.from({ length: 10 }, (_, i) => `bye:slow.1:${i + 1}`),
    );
  });
});
