/**
 * The instances' ports and resources as the host last told them, folded from the
 * `observations` events (pure: a new Map every time, so selectors compare by reference),
 * with each instance's 60-second history for the sparkline.
 */
import type { InstanceResources, ObservationsEvent, ResourceSample } from '../../../shared/contract';
import type { InstanceId } from '../../../shared/model';

export interface ObservedInstance {
  readonly latest: InstanceResources;
  /** Oldest first, the last 60 s. */
  readonly history: readonly ResourceSample[];
}

export type Observations = ReadonlyMap<InstanceId, ObservedInstance>;

export const HISTORY_MS = 60_000;

/** One event folded in: an instance missing from it is no longer live and is dropped. */
export function foldObservations(before: Observations, event: ObservationsEvent): Observations {
  const after = new Map<InstanceId, ObservedInstance>();
  for (const latest of event.instances) {
    const point = { at: latest.at, cpuPercent: latest.cpuPercent, rssBytes: latest.rssBytes };
    const earlier = latest.history ?? before.get(latest.instance)?.history ?? [];
    const history = latest.history ? [...earlier] : [...earlier.filter((s) => s.at < point.at), point];
    after.set(latest.instance, { latest, history: history.filter((s) => s.at > point.at - HISTORY_MS) });
  }
  return after;
}

/** Where a socket's link points: localhost for the wildcard and loopback binds, else the bind address itself. */
export function socketUrl(address: string, port: number): string {
  const local = address === '0.0.0.0' || address === '::' || address === '127.0.0.1' || address === '::1';
  if (local) return `http://localhost:${port}/`;
  return address.includes(':') ? `http://[${address}]:${port}/` : `http://${address}:${port}/`;
}

/** `12 %`, `0.4 %`: CPU for people. */
export function formatCpu(percent: number): string {
  return percent < 10 ? `${percent.toFixed(1)} %` : `${Math.round(percent)} %`;
}

/** Totals for a type's pane header: the sum over its live instances. */
export function typeTotals(observations: Observations, type: string): { cpuPercent: number; rssBytes: number } | null {
  let cpuPercent = 0;
  let rssBytes = 0;
  let any = false;
  for (const [id, o] of observations) {
    if (id.slice(0, id.lastIndexOf('.')) !== type) continue;
    any = true;
    cpuPercent += o.latest.cpuPercent;
    rssBytes += o.latest.rssBytes;
  }
  return any ? { cpuPercent: Math.round(cpuPercent * 10) / 10, rssBytes } : null;
}

/** The points of a sparkline polyline (x over the 60 s window ending at `now`, y scaled to the window's max). */
export function sparklinePoints(
  samples: readonly ResourceSample[],
  value: (s: ResourceSample) => number,
  now: number,
  width: number,
  height: number,
): string {
  if (samples.length === 0) return '';
  const max = Math.max(...samples.map(value), 1e-9);
  return samples
    .map((s) => {
      const x = Math.max(0, width - ((now - s.at) / HISTORY_MS) * width);
      const y = height - (value(s) / max) * height;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
