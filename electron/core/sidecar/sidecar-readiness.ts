/**
 * `ready:` as written in procdeck.yaml → the formation's `Readiness`. Pure.
 *
 * The schema checks each key; this checks what it cannot: exactly one probe, keys that
 * belong to it (`port` to http, `host` to tcp), and a `log` regex that compiles.
 */
import { DEFAULT_READINESS, type Readiness, type ReadinessCheck } from '../formation/type-settings';
import { durationMs } from './duration';
import { PROBE_KEYS, type ReadyInput } from './sidecar-schema';
import type { YamlPath } from './yaml-positions';

type Problem = (path: YamlPath, message: string) => void;

export function readinessFrom(input: ReadyInput, problem: Problem): Readiness | null {
  if (typeof input === 'string') return { ...DEFAULT_READINESS, check: { kind: input } };
  const given = PROBE_KEYS.filter((key) => input[key] !== undefined);
  if (given.length !== 1) {
    problem(
      [],
      given.length === 0
        ? `ready: name one probe (${PROBE_KEYS.join(', ')}), or write ready: auto, port or none`
        : `ready: one probe at a time, not ${given.join(' and ')}`,
    );
    return null;
  }
  const check = checkFrom(input, problem);
  if (!check) return null;
  return {
    check,
    intervalMs: input.interval === undefined ? DEFAULT_READINESS.intervalMs : durationMs(input.interval),
    timeoutMs: input.timeout === undefined ? DEFAULT_READINESS.timeoutMs : durationMs(input.timeout),
    warnAfterMs: input.warn_after === undefined ? DEFAULT_READINESS.warnAfterMs : durationMs(input.warn_after),
  };
}

function checkFrom(input: Exclude<ReadyInput, string>, problem: Problem): ReadinessCheck | null {
  const only = (key: 'port' | 'host', allowed: readonly string[]) => {
    if (input[key] === undefined) return true;
    problem([key], `ready.${key} goes with ${allowed.join(' or ')}, not this probe`);
    return false;
  };
  const host = input.host ?? '127.0.0.1';
  if (input.http !== undefined)
    return only('host', ['tcp']) ? { kind: 'http', path: input.http, port: input.port ?? null } : null;
  if (input.tcp !== undefined) return only('port', ['http']) ? { kind: 'tcp', port: input.tcp, host } : null;
  if (!only('port', ['http']) || !only('host', ['tcp'])) return null;
  if (input.log !== undefined) {
    try {
      new RegExp(input.log);
    } catch (cause) {
      problem(['log'], `ready.log is not a valid regular expression: ${(cause as Error).message}`);
      return null;
    }
    return { kind: 'log', pattern: input.log };
  }
  if (input.exec !== undefined) return { kind: 'exec', command: input.exec };
  return null;
}
