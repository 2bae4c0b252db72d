/**
 * The shape of `procdeck.yaml`, as zod: the one definition the file is validated against
 * and the JSON Schema for editors is generated from (schema/procdeck.schema.json, held
 * equal to `z.toJSONSchema(SIDECAR_SCHEMA)` by a test).
 *
 * The schema describes the file as written (durations as "10s", env values as scalars);
 * sidecar-settings.ts turns a valid file into the formation's `TypeSettings`. No
 * transforms here, so the JSON Schema is exactly what an editor should accept.
 */
import { z } from 'zod';
import type { ExitPolicy } from '../../../shared/model';
import { LIMITS } from '../../../shared/contract';

/** `500ms`, `2s`, `1.5s`, `1m`; a bare number is seconds. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m)$/;

const DURATION_ERROR = 'expected a duration such as 500ms, 2s or 1m (a bare number is seconds)';

const duration = z
  .union([z.number().nonnegative(), z.string().regex(DURATION_PATTERN, { error: DURATION_ERROR })], {
    error: DURATION_ERROR,
  })
  .describe('A duration: 500ms, 2s, 1.5s, 1m; a bare number is seconds.');

const typeName = z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'expected a process type name from the Procfile' });

const port = z.int().min(1).max(65535);

/** The signals a process may be asked to stop with. */
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGQUIT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2', 'SIGKILL'] as const;

/** The keys naming the probe in the object form of `ready`; exactly one must be given. */
export const PROBE_KEYS = ['http', 'tcp', 'log', 'exec'] as const;

const readyObject = z
  .strictObject({
    http: z.string().startsWith('/').optional().describe('GET this path on the instance; ready on 2xx or 3xx.'),
    tcp: port.optional().describe('Ready when a TCP connection to this port succeeds.'),
    port: port.optional().describe('The port http probes (default: the instance’s PORT).'),
    host: z.string().min(1).optional().describe('The host tcp probes (default 127.0.0.1).'),
    log: z.string().min(1).optional().describe('Ready when a line of output since this start matches this regex.'),
    exec: z
      .string()
      .min(1)
      .optional()
      .describe('Ready when this command exits 0 (run with the instance’s environment).'),
    interval: duration.optional().describe('Between two attempts (default 250ms).'),
    timeout: duration.optional().describe('One attempt’s limit (default 2s).'),
    warn_after: duration.optional().describe('Say "not ready after N s" past this (default 30s).'),
  })
  .describe('A probe: exactly one of http, tcp, log, exec, with its timing.');

/** shared/model.ts's exit policies, as the tuple zod needs (the `satisfies` keeps them equal). */
const POLICIES = ['stop-all', 'keep', 'restart'] as const satisfies readonly ExitPolicy[];

export const READY_WORDS = ['auto', 'port', 'none'] as const;

const ready = z
  .union([z.enum(READY_WORDS), readyObject])
  .describe('auto (default: ready when listening on PORT, or after the start window), port, none, or a probe.');

const typeSettings = z.strictObject({
  after: z
    .union([typeName, z.array(typeName)])
    .optional()
    .describe('Types every instance of which must be ready before this type starts.'),
  ready: ready.optional(),
  restart: z
    .enum(['independent', 'cascade'])
    .optional()
    .describe('cascade: when a dependency restarts, this type goes back to waiting for it.'),
  env: z
    .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.union([z.string(), z.number(), z.boolean()]))
    .optional()
    .describe('Per-type variables, over the project’s environment.'),
  scale: z
    .int()
    .min(0)
    .max(LIMITS.maxScale)
    .optional()
    .describe('Default count; the dashboard’s slider and -m still win.'),
  policy: z.enum(POLICIES).optional().describe('When an instance exits: stop-all, keep or restart.'),
  stop: z
    .strictObject({
      signal: z.enum(STOP_SIGNALS).optional().describe('Sent to the process group first (default SIGTERM).'),
      grace: duration.optional().describe('Then SIGKILL after this long (default: the formation’s, 5s).'),
    })
    .optional(),
});

export const SIDECAR_SCHEMA = z
  .strictObject({
    $schema: z.string().optional(),
    processes: z.record(typeName, typeSettings).optional().describe('Settings per Procfile type.'),
  })
  .describe('procdeck.yaml: what a Procfile cannot say (start order, readiness, env, scale, policy, stop).');

export type SidecarInput = z.infer<typeof SIDECAR_SCHEMA>;
export type TypeSettingsInput = z.infer<typeof typeSettings>;
export type ReadyInput = z.infer<typeof ready>;
export type DurationInput = z.infer<typeof duration>;
