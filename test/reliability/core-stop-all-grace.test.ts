/**
 * #32: a stop-all caused by one instance's exit gives that instance's leftovers the grace
 * period too (SIGTERM, wait, SIGKILL), not SIGTERM and SIGKILL back to back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, startFormation } from '../support/formation';

const goodbyes = (text: string, tag: string) => text.split('\n').filter((l) => l.startsWith(`bye:${tag}:`)).length;

describe('#32 stop-all and the leftovers of the instance that caused it', () => {
  it('#32 the exiting instance leaves a process that needs 0.5 s to say goodbye: it gets SIGTERM and the time, as the others do', async () => {
    const f = startFormation({
      adapter: 'pipe',
      policy: 'stop-all',
      graceMs: 4000,
      types: {
        // Leaves a goodbye process behind and exits with 3 once that one is ready.
        quitter: `PS=left READY_FILE="$LEFT_READY" node ${FIXTURES}goodbye.mjs 5 default 100 & until [ -s "$LEFT_READY" ]; do sleep 0.02; done; exit 3`,
        steady: `node ${FIXTURES}goodbye.mjs 5 default 100`,
      },
      env: { LEFT_READY: join(mkdtempSync(join(tmpdir(), 'procdeck-left-')), 'ready') },
    });
    await f.waitForOutput('steady.1', 'ready:steady.1');
    await f.waitForEvent((e) => e.event === 'stop-all');
    const started = performance.now();
    await f.supervisor.idle();
    expect(performance.now() - started).toBeLessThan(3500);
    expect(goodbyes(f.output('quitter.1'), 'left')).toBe(5);
    expect(goodbyes(f.output('steady.1'), 'steady.1')).toBe(5);
  });
});
