/**
 * #23, #24: a graceful stop is graceful under both adapters: the stop signal, the grace period,
 * then SIGKILL — and no hang-up while the process is still finishing its work.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { InstanceId } from '../../shared/model';
import { ADAPTERS, FIXTURES, startFormation } from '../support/formation';

const STOPS = 20;
const LINES = 4;

const goodbyes = (text: string, id: string) => text.split(/\r?\n/).filter((l) => l.startsWith(`bye:${id}:`)).length;

describe.each(ADAPTERS)('graceful stop over the %s adapter', (adapter) => {
  it(`#23 ${STOPS} stops of processes that say goodbye in their SIGTERM handler: every line in the output, the ring and the log; no SIGHUP before exit`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-goodbye-'));
    const hupLog = join(dir, 'hup.log');
    writeFileSync(hupLog, '');
    const f = startFormation({
      adapter,
      logDir: join(dir, 'logs'),
      graceMs: 5000,
      env: { HUP_LOG: hupLog },
      types: {
        // Node's default SIGHUP action: a hang-up mid-shutdown would cut its lines.
        plain: `node ${FIXTURES}goodbye.mjs ${LINES}`,
        // Catches SIGHUP and writes down that one came while it was alive.
        recorder: `node ${FIXTURES}goodbye.mjs ${LINES} record`,
      },
    });
    const ids: InstanceId[] = ['plain.1', 'recorder.1'];
    const readyCount = (id: InstanceId) => f.output(id).split(`ready:${id}`).length - 1;
    for (let stop = 1; stop <= STOPS; stop++) {
      for (const id of ids) await f.waitFor(id, () => readyCount(id) >= stop);
      const started = performance.now();
      await f.supervisor.stop({ scope: 'all' });
      // Nobody waited for SIGKILL: the handlers finished well within the grace period.
      expect(performance.now() - started).toBeLessThan(4000);
      for (const id of ids) {
        expect(f.supervisor.runner(id)?.snapshot().state).toMatchObject({ kind: 'stopped' });
        expect(goodbyes(f.output(id), id), `${id} after stop ${stop}: output`).toBe(stop * LINES);
      }
      if (stop < STOPS) f.supervisor.start({ scope: 'all' });
    }
    for (const id of ids) {
      const ring = Buffer.concat(
        f.supervisor
          .runner(id)
          ?.ring.read(0)
          .map((c) => c.data) ?? [],
      ).toString();
      expect(goodbyes(ring, id), `${id}: ring`).toBe(STOPS * LINES);
      const logName = adapter === 'pty' ? `${id}.log` : `${id}.stdout.log`;
      expect(goodbyes(readFileSync(join(dir, 'logs', logName), 'utf8'), id), `${id}: log`).toBe(STOPS * LINES);
    }
    expect(readFileSync(hupLog, 'utf8')).toBe('');
  }, 120_000);
});

describe.each(ADAPTERS)('the stop sequence over the %s adapter', (adapter) => {
  it('#24 a process that ignores SIGTERM gets exactly one SIGTERM, nothing else, then SIGKILL after the grace period', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-diary-'));
    const signalLog = join(dir, 'signals.log');
    writeFileSync(signalLog, '');
    const graceMs = 1500;
    const f = startFormation({
      adapter,
      graceMs,
      env: { SIGNAL_LOG: signalLog },
      types: { diary: `node ${FIXTURES}signal-diary.mjs` },
    });
    await f.waitForOutput('diary.1', 'diary up');
    const started = performance.now();
    await f.supervisor.stop({ scope: 'all' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(graceMs - 50);
    expect(f.supervisor.runner('diary.1')?.snapshot().state.kind).toBe('stopped');
    expect(
      readFileSync(signalLog, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split(' ')[0]),
    ).toEqual(['TERM']);
  });
});
