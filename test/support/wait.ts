/**
 * Waiting on events instead of sleeping: `until(probe)` re-checks `probe` whenever the
 * code under test says something changed, and fails with a clear message on timeout.
 */
export interface Waiter {
  /** Call on every change the probes may care about. */
  changed(): void;
  until<T>(probe: () => T | undefined, what: string, timeoutMs?: number): Promise<T>;
}

export function waiter(describeState: () => string = () => ''): Waiter {
  const checks = new Set<() => void>();
  return {
    changed() {
      for (const check of [...checks]) check();
    },
    until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const value = probe();
          if (value === undefined) return;
          checks.delete(check);
          clearTimeout(timer);
          resolve(value);
        };
        const timer = setTimeout(() => {
          checks.delete(check);
          const state = describeState();
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}${state ? `; ${state}` : ''}`));
        }, timeoutMs);
        checks.add(check);
        check();
      });
    },
  };
}

/**
 * Polls `probe` until it gives a value (anything but undefined or false), for what has no
 * event to wait on: another process's state, the file system, /proc. Resolves with the value.
 */
export async function eventually<T>(probe: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
