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
import { BASE_PORT, quick, target } from './readiness-fixtures';

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
  /** Its own "not ready" threshold, for a process that takes a while to show what it does. */
  readonly warnAfterMs?: number;
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
      names.map((n) => [
        n,
        { ready: quick(cases[n]!.check(portOf(n)), cases[n]!.warnAfterMs ?? warnAfterMs), env: cases[n]!.env ?? {} },
      ]),
    ),
  });
  return { f, portOf };
}

function answersOf(f: TestFormation, id: InstanceId): string[] {
  return f.events.flatMap((e) =>
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
      if (c.before) expect(answersOf(f, id), id).toContain(c.before(portOf(type)));
    }
    expect(f.events.filter((e) => e.event === 'notice' && /not ready after/.test(e.payload.message))).toEqual([]);
  });

  it('each kind that keeps failing says "not ready after N s" with its last answer, and stays starting', async () => {
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
        // Time for node to start and listen on a busy machine before the answer is said.
        warnAfterMs: 3000,
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
        command: 'exec sleep 30',
        check: () => ({ kind: 'exec', command: 'sleep 20' }),
        answer: () => '`sleep 20` timed out',
      },
    };
    const { f, portOf } = formationOf(cases, 1000);
    for (const [type, c] of Object.entries(cases)) {
      const id = `${type}.1` as InstanceId;
      const said = await f.waitForEvent((e) => e.event === 'notice' && e.payload.message.startsWith(`${id} not ready`));
      if (said.event !== 'notice') throw new Error('not a notice');
      expect(said.payload.message, id).toMatch(new RegExp(`^${id.replace('.', '\\.')} not ready after [1-9]\\d* s: `));
      expect(said.payload.message.replace(/^.*? s: /, ''), id).toBe(c.answer(portOf(type)));
      expect(said.payload.level).toBe('warning');
      const state = f.supervisor.runner(id)?.current;
      expect(state?.kind, id).toBe('starting');
    }
    // Said once per run, however long the probe keeps failing.
    const warnings = f.events.filter((e) => e.event === 'notice' && / not ready after /.test(e.payload.message));
    expect(warnings).toHaveLength(Object.keys(cases).length);
  });
});
