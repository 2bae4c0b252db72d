/**
 * What `procdeck.yaml` can say about one process type, beyond the Procfile's command: when
 * it may start (`after`), when it counts as up (`ready`), whether a dependency's restart
 * takes it down too, its own environment and its own stop signal and grace period.
 *
 * Every type has settings: without a sidecar file they are `DEFAULT_TYPE_SETTINGS`, which
 * is the zero-configuration behaviour (ready when its tree listens on its PORT). Pure data.
 */
import type { EnvValues } from '../env/parse-env';

/** How an instance is found to be ready. */
export type ReadinessCheck =
  /** The default: ready when the instance's process tree listens on its PORT; a type that never listens is ready after the start window. */
  | { readonly kind: 'auto' }
  /** Ready when the tree listens on its PORT, however long that takes. */
  | { readonly kind: 'port' }
  /** Ready when a TCP connection to `host:port` succeeds. */
  | { readonly kind: 'tcp'; readonly port: number; readonly host: string }
  /** Ready when GET `path` on the instance's PORT answers 2xx or 3xx. */
  | { readonly kind: 'http'; readonly path: string; readonly port: number | null }
  /** Ready when a line of the instance's output since this start matches. */
  | { readonly kind: 'log'; readonly pattern: string }
  /** Ready when `command` exits 0, run with the instance's environment. */
  | { readonly kind: 'exec'; readonly command: string }
  /** Ready as soon as it is spawned. */
  | { readonly kind: 'none' };

export interface Readiness {
  readonly check: ReadinessCheck;
  /** Between two attempts of the check. */
  readonly intervalMs: number;
  /** One attempt's limit (http, tcp, exec). */
  readonly timeoutMs: number;
  /** After this long without passing, the instance shows "not ready after N s" (it keeps trying). */
  readonly warnAfterMs: number;
}

export interface TypeSettings {
  /** Types every instance of which must be ready before this type starts. */
  readonly after: readonly string[];
  readonly ready: Readiness;
  /** `cascade`: when a dependency restarts, this type goes back to waiting for it. */
  readonly restart: 'independent' | 'cascade';
  /** Per-type variables, over the formation's environment. */
  readonly env: EnvValues;
  /** Per-type stop signal and grace period; null: the formation's. */
  readonly stop: { readonly signal: NodeJS.Signals; readonly graceMs: number } | null;
}

export const DEFAULT_READINESS: Readiness = {
  check: { kind: 'auto' },
  intervalMs: 250,
  timeoutMs: 2000,
  warnAfterMs: 30_000,
};

export const DEFAULT_TYPE_SETTINGS: TypeSettings = {
  after: [],
  ready: DEFAULT_READINESS,
  restart: 'independent',
  env: {},
  stop: null,
};
