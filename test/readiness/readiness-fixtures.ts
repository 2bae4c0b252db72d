/**
 * What the readiness tests share: the probe-target program and a port range of their own.
 */
import type { Readiness, ReadinessCheck } from '../../electron/core/formation/type-settings';

const PROGRAM = new URL('./fixtures/probe-target.mjs', import.meta.url).pathname;

/** A Procfile command running probe-target.mjs in one of its modes (see that file). */
export function target(mode: string, ...args: readonly (string | number)[]): string {
  return [
    'exec',
    JSON.stringify(process.execPath),
    JSON.stringify(PROGRAM),
    mode,
    ...args.map((a) => JSON.stringify(String(a))),
  ].join(' ');
}

/**
 * A base port from a range of these tests' own (40000–54900, a block of 1000), so that files
 * running at once, and other projects, do not meet on 5000.
 */
export function BASE_PORT(): number {
  return 40_000 + 1000 * Math.floor(Math.random() * 15);
}

/** A quick readiness check for tests: attempts 100 ms apart, each at most `timeoutMs`. */
export function quick(check: ReadinessCheck, warnAfterMs = 30_000, timeoutMs = 300): Readiness {
  return { check, intervalMs: 100, timeoutMs, warnAfterMs };
}
