/**
 * An instance's environment as the views show it: each variable with where it came from.
 *
 * Types and pure helpers only (the renderer, the CLI and the host share them). The values
 * are the ones the run really started with; the origins say which source won and which
 * earlier definitions it overrode, so "why does web.1 see this value?" has one answer.
 */
import { assertNever } from './model';

/** Where the variables Procdeck itself was started with came from. */
export type EnvironmentSource =
  /** The environment `procdeck` (or the app) was started in. */
  | 'procdeck'
  /** The user's login shell, read by the desktop app at launch. */
  | 'login-shell';

/** Procdeck's own variables. */
export type ProcdeckVariable = 'port' | 'instance-name' | 'marker';

export type EnvOrigin =
  | { readonly kind: 'environment'; readonly source: EnvironmentSource }
  /** An env file's line (the last definition in the last file wins among the files). */
  | { readonly kind: 'file'; readonly file: string; readonly line: number }
  /** The type's `env` in procdeck.yaml. */
  | { readonly kind: 'sidecar'; readonly type: string }
  | { readonly kind: 'procdeck'; readonly variable: ProcdeckVariable }
  /** No source defines it any more: the files changed since the run started. */
  | { readonly kind: 'gone' };

export interface EnvDefinition {
  readonly origin: EnvOrigin;
  /** As written at that origin (env files: before `${VAR}` expansion). */
  readonly value: string;
}

export interface EnvVariable {
  readonly name: string;
  /** What the run started with. */
  readonly value: string;
  readonly origin: EnvOrigin;
  /** The definitions the winner overrode, the closest loser first. */
  readonly overridden: readonly EnvDefinition[];
}

/** A variable a restart would give a different value (null: absent). */
export interface EnvChange {
  readonly name: string;
  readonly was: string | null;
  readonly now: string | null;
}

/** `instance.environment`'s answer: one run's environment. */
export interface InstanceEnvironment {
  readonly instance: `${string}.${number}`;
  /** The run's number (the crash records' `run`). */
  readonly run: number;
  /** When it started (ms since the epoch). */
  readonly startedAt: number;
  /** Sorted by name. */
  readonly variables: readonly EnvVariable[];
  /** What differs from the environment a restart would get now (an env file edited since), sorted. */
  readonly changed: readonly EnvChange[];
}

/** A short label: `.env:3`, `procdeck.yaml (web)`, `login shell`, `Procdeck (PORT)`. */
export function originLabel(origin: EnvOrigin, fileName: (path: string) => string = (p) => p): string {
  switch (origin.kind) {
    case 'environment':
      return origin.source === 'login-shell' ? 'login shell' : 'environment Procdeck started in';
    case 'file':
      return `${fileName(origin.file)}:${origin.line}`;
    case 'sidecar':
      return `procdeck.yaml (${origin.type})`;
    case 'procdeck':
      return `Procdeck (${origin.variable === 'port' ? 'PORT' : origin.variable === 'instance-name' ? 'PS' : 'marker'})`;
    case 'gone':
      return 'no longer defined';
    default:
      return assertNever(origin, 'env origin');
  }
}

const SECRET_NAME = /(_KEY$|^KEY$|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE)/i;
/** `scheme://user:password@host`: a URL that carries a password. */
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:[^\s/@]+@/i;

/** Whether a value should be masked until the user asks to see it. */
export function looksSecret(name: string, value: string): boolean {
  return SECRET_NAME.test(name) || URL_WITH_PASSWORD.test(value);
}
