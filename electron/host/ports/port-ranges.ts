/**
 * The ports a project claims, and the next base that overlaps nobody's. A project's range
 * is every PORT its types can get: a block of PORT_BLOCK per type from its base (Foreman's
 * rule, formation/ports.ts), so scaling a type never leaves the range.
 */
import { PORT_BLOCK } from '../../core/formation/ports';

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

/** Bases offered, in order: 5000, 6000, … (a round number a user can remember). */
export const BASE_STEP = 1000;
export const FIRST_BASE = 5000;
const MAX_PORT = 65535;

export function projectRange(basePort: number, typeCount: number): PortRange {
  return { from: basePort, to: basePort + PORT_BLOCK * Math.max(1, typeCount) - 1 };
}

export function overlaps(a: PortRange, b: PortRange): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** The first base of 5000, 6000, … whose range (for `typeCount` types) overlaps none of `taken`; null when none fits. */
export function nextFreeBase(typeCount: number, taken: readonly PortRange[]): number | null {
  for (let base = FIRST_BASE; ; base += BASE_STEP) {
    const range = projectRange(base, typeCount);
    if (range.to > MAX_PORT) return null;
    if (!taken.some((t) => overlaps(t, range))) return base;
  }
}
