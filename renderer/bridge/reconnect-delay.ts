/** Milliseconds before reconnect attempt `attempt` (1-based): 250 ms doubling, capped at 5 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(5000, 250 * 2 ** Math.max(0, attempt - 1));
}
