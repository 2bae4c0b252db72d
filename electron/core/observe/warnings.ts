/**
 * What an observation is worth a warning for. Pure: the feed calls these on every tick.
 */
import type { InstanceId } from '../../../shared/model';
import type { ListeningSocket } from './observation';

/**
 * "web.1 ignores $PORT=5000 and listens on 3000": the tree listens, but not on the port it
 * was given (Foreman's contract), so links and readiness on PORT would point nowhere.
 */
export function ignoredPortWarning(id: InstanceId, port: number, sockets: readonly ListeningSocket[]): string | null {
  if (sockets.length === 0 || sockets.some((s) => s.port === port)) return null;
  const ports = [...new Set(sockets.map((s) => s.port))].sort((a, b) => a - b);
  return `${id} ignores $PORT=${port} and listens on ${ports.join(', ')}`;
}

/** How many times its first minute's memory an instance may grow to before it is worth a warning. */
export const MEMORY_GROWTH_FACTOR = 4;
/** Below this, growth is noise (a small process doubling is not a leak worth a warning). */
export const MEMORY_GROWTH_FLOOR_BYTES = 64 * 1024 * 1024;

/**
 * A warning when memory grew past MEMORY_GROWTH_FACTOR times the most the tree used in its
 * first minute (null while that minute is not over: there is no baseline yet).
 */
export function memoryGrowthWarning(
  id: InstanceId,
  rssBytes: number,
  firstMinuteBytes: number | null,
  factor = MEMORY_GROWTH_FACTOR,
): string | null {
  if (firstMinuteBytes === null || firstMinuteBytes <= 0) return null;
  if (rssBytes < MEMORY_GROWTH_FLOOR_BYTES || rssBytes < firstMinuteBytes * factor) return null;
  const times = (rssBytes / firstMinuteBytes).toFixed(1);
  return `${id}'s memory grew to ${mebibytes(rssBytes)}, ${times}× its first minute's ${mebibytes(firstMinuteBytes)}`;
}

function mebibytes(bytes: number): string {
  return `${Math.round(bytes / (1024 * 1024))} MiB`;
}
