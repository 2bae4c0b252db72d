/**
 * Durations as procdeck.yaml writes them: `500ms`, `2s`, `1.5s`, `1m`; a bare number is
 * seconds. Pure.
 */
import { DURATION_PATTERN, type DurationInput } from './sidecar-schema';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000 } as const;

/** Milliseconds, rounded; the schema has already checked the text's form. */
export function durationMs(value: DurationInput): number {
  if (typeof value === 'number') return Math.round(value * 1000);
  const match = DURATION_PATTERN.exec(value);
  if (!match) throw new RangeError(`not a duration: ${value}`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}
