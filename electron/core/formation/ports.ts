/**
 * PORT for each instance: base + 100 × the type's index in the Procfile + (n − 1).
 *
 * This is Foreman's rule. Because it depends only on Procfile order and the instance
 * number, a port never moves when another type is scaled, skipped or stopped.
 */
export const DEFAULT_BASE_PORT = 5000;
export const PORT_BLOCK = 100;
const MAX_PORT = 65535;

export function portFor(basePort: number, typeIndex: number, instanceIndex: number): number {
  return basePort + PORT_BLOCK * typeIndex + (instanceIndex - 1);
}

/** The base port: `-p`, else PORT from the environment, else 5000; an error when unusable. */
export function resolveBasePort(
  flag: string | undefined,
  envPort: string | undefined,
): { ok: true; value: number } | { ok: false; error: string } {
  const [source, raw] = flag !== undefined ? ['-p', flag] : envPort !== undefined ? ['PORT', envPort] : [null, null];
  if (raw === null) return { ok: true, value: DEFAULT_BASE_PORT };
  if (!/^\d+$/.test(raw.trim())) return { ok: false, error: `${source} '${raw}' is not a port number` };
  const port = Number(raw.trim());
  if (port < 1 || port > MAX_PORT) return { ok: false, error: `${source} ${port} is out of range (1–${MAX_PORT})` };
  return { ok: true, value: port };
}

/** Checks that every instance the formation could run gets a valid port. */
export function checkPortRange(basePort: number, typeCount: number, maxInstances: number): string | null {
  const highest = portFor(basePort, Math.max(0, typeCount - 1), Math.max(1, maxInstances));
  return highest > MAX_PORT ? `ports would reach ${highest}, beyond ${MAX_PORT}; choose a lower base port (-p)` : null;
}
