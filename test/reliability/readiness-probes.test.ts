/**
 * Every readiness probe against real processes: each kind passes when its instance is
 * really up, and one that keeps failing says "not ready after N s" with its last answer
 * while the instance stays `starting`. One formation per outcome, every type at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InstanceId } from '../../shared/model';
import type { ReadinessCheck } from '../../electron/core/formation/type-settings';
import { startFormation, type TestFormation } from '../support/formation';
import { psTable } from '../support/processes';
import { BASE_PORT, quick, target } from '../readiness/readiness-fixtures';

/** A check that never ends, with a duration no other test uses, so that its processes (and only they) can be found. */
const HANGING = `sleep 20.${process.pid}${Math.floor(Math.random() * 1e6)}`;

/** The processes of the hanging check still alive (an attempt's shell or its sleep, orphaned or not). */
function hangingProcesses(): number[] {
  return psTable()
    .filter((e) => e.command.includes(HANGING) && !e.stat.startsWith('Z'))
    .map((e) => e.pid);
}

const scratch = mkdtempSync(join(tmpdir(), 'procdeck-probes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Case {
  readonly command: string;
  readonly check: (port: number) => ReadinessCheck;
  readonly env?: Record<string, string>;
  /** What the probe says when it passed, or its last answer when it did not. */
  readonly answer: (port: number) => string;
  /** A failing answer seen before the passing one (proves it waited for the process). */
  readonly before?: (port: number) => string;
}

/** Runs every case as one type (the Procfile order fixes each PORT: base + 100 × index). */
function formationOf(
  cases: Record<string, Case>,
  warnAfterMs: number,
): { f: TestFormation; portOf: (t: string) => number } {
  const base = BASE_PORT();
  const names = Object.keys(cases);
  const portOf = (type: string) => base + 100 * names.indexOf(type);
  const f = startFormation({
    adapter: 'pipe',
    basePort: base,
    observeIntervalMs: 200,
    types: Object.fromEntries(names.map((n) => [n, cases[n]!.command])),
    settings: Object.fromEntries(
      names.map((n) => [n, { ready: quick(cases[n]!.check(portOf(n)), warnAfterMs), env: cases[n]!.env ?? {} }]),
    ),
  });
  return { f, portOf };
}

function answersOf(events: TestFormation['events'], id: InstanceId): string[] {
  return events.flatMap((e) =>
    e.event === 'instance' && e.payload.id === id && 'answer' in e.payload.state && e.payload.state.answer
      ? [e.payload.state.answer]
      : [],
  );
}

describe('readiness probes', () => {
  it('each kind passes once its instance is really up', async () => {
    const marker = join(scratch, 'exec-ready');
    const exec = 'test "$PS" = exec.1 && test -e "$MARKER"';
    const cases: Record<string, Case> = {
      port: {
        command: target('listen', 300),
        check: () => ({ kind: 'port' }),
        answer: (p) => `listening on ${p}`,
        before: (p) => `not listening on ${p} yet`,
      },
      tcp: {
        command: target('listen', 300),
        check: (p) => ({ kind: 'tcp', host: '127.0.0.1', port: p }),
        answer: (p) => `accepts connections on 127.0.0.1:${p}`,
        before: (p) => `cannot connect to 127.0.0.1:${p} yet (ECONNREFUSED)`,
      },
      ok: {
        command: target('http', 204, 300),
        check: () => ({ kind: 'http', path: '/healthz', port: null }),
        answer: (p) => `GET http://127.0.0.1:${p}/healthz: 204`,
        before: (p) => `GET http://127.0.0.1:${p}/healthz: ECONNREFUSED`,
      },
      moved: {
        command: target('http', 302, 0),
        check: () => ({ kind: 'http', path: '/', port: null }),
        answer: (p) => `GET http://127.0.0.1:${p}/: 302`,
      },
      log: {
        command: target('say', 300, 'database system is ready to accept connections'),
        check: () => ({ kind: 'log', pattern: 'ready to accept' }),
        answer: () => 'printed "database system is ready to accept connections"',
        before: () => 'no line matching /ready to accept/ yet',
      },
      exec: {
        // With the instance's environment: its PS, and procdeck.yaml's env for the type.
        command: target('touch', 300, marker),
        check: () => ({ kind: 'exec', command: exec }),
        env: { MARKER: marker },
        answer: () => `\`${exec}\` exited 0`,
        before: () => `\`${exec}\` exited with 1`,
      },
    };
    const { f, portOf } = formationOf(cases, 30_000);
    for (const [type, c] of Object.entries(cases)) {
      const id = `${type}.1` as InstanceId;
      const ready = await f.waitFor(id, 'ready');
      expect(ready.state.kind === 'ready' && ready.state.answer, id).toBe(c.answer(portOf(type)));
      if (c.before) expect(answersOf(f.events, id), id).toContain(c.before(portOf(type)));
    }
    expect(f.events.filter((e) => e.event === 'notice' && /not ready after/.test(e.payload.message))).toEqual([]);
  });

  it('#50 each kind that keeps failing says "not ready after N s" with its last answer, stays starting, and each attempt is bounded', async () => {
    const cases: Record<string, Case> = {
      port: {
        command: 'exec sleep 30',
        check: () => ({ kind: 'port' }),
        answer: (p) => `not listening on ${p} yet`,
      },
      elsewhere: {
        // Listens, but not on its PORT: the answer says where.
        command: `PORT=$((PORT + 7)) ${target('listen', 0)}`,
        check: () => ({ kind: 'port' }),
        answer: (p) => `not listening on ${p} (listens on ${p + 7})`,
      },
      tcp: {
        command: 'exec sleep 30',
        check: (p) => ({ kind: 'tcp', host: '127.0.0.1', port: p }),
        answer: (p) => `cannot connect to 127.0.0.1:${p} yet (ECONNREFUSED)`,
      },
      unhealthy: {
        command: target('http', 503, 0),
        check: () => ({ kind: 'http', path: '/healthz', port: null }),
        answer: (p) => `GET http://127.0.0.1:${p}/healthz: 503`,
      },
      silent: {
        command: target('silent-http'),
        check: () => ({ kind: 'http', path: '/', port: null }),
        answer: (p) => `GET http://127.0.0.1:${p}/: no answer in time`,
      },
      log: {
        command: target('say', 0, 'still booting'),
        check: () => ({ kind: 'log', pattern: '^ready$' }),
        answer: () => 'no line matching /^ready$/ yet',
      },
      exec: {
        command: 'exec sleep 30',
        check: () => ({ kind: 'exec', command: 'exit 3' }),
        answer: () => '`exit 3` exited with 3',
      },
      slow: {
        // A check that hangs: each attempt is killed, with what it started, at its timeout.
        command: 'exec sleep 30',
        check: () => ({ kind: 'exec', command: HANGING }),
        answer: () => `\`${HANGING}\` timed out`,
      },
    };
    const { f, portOf } = formationOf(cases, 1000);
    for (const [type, c] of Object.entries(cases)) {
      const id = `${type}.1` as InstanceId;
      // The probe's answer, once the process shows what it does (a busy machine may take seconds to start node).
      await f.waitFor(id, (i) => i.state.kind === 'starting' && i.state.answer === c.answer(portOf(type)));
      const said = await f.waitForEvent((e) => e.event === 'notice' && e.payload.message.startsWith(`${id} not ready`));
      if (said.event !== 'notice') throw new Error('not a notice');
      expect(said.payload.message, id).toMatch(new RegExp(`^${id.replace('.', '\\.')} not ready after [1-9]\\d* s: `));
      expect(said.payload.level).toBe('warning');
      // With the last answer the probe had given when it was said.
      const before = answersOf(f.events.slice(0, f.events.indexOf(said)), id);
      expect(said.payload.message.replace(/^.*? s: /, ''), id).toBe(before.at(-1));
      expect(f.supervisor.runner(id)?.current.kind, id).toBe('starting');
    }
    // The hanging check was tried again and again (1 s of 300 ms attempts), never two at once, and nothing of an attempt outlives it.
    expect(hangingProcesses().length).toBeLessThanOrEqual(2); // only the attempt under way: its sh and its sleep
    await f.dispose();
    expect(hangingProcesses()).toEqual([]);
    // Said once per run, however long the probe keeps failing.
    const warnings = f.events.filter((e) => e.event === 'notice' && / not ready after /.test(e.payload.message));
    expect(warnings).toHaveLength(Object.keys(cases).length);
  });
});
