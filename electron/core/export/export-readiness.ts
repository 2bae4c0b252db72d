/**
 * When an exported type counts as ready, in the terms engines can be told: procdeck.yaml's
 * `ready` resolved the way the supervisor resolves it (ready-rule.ts), with ports filled in.
 * Each writer maps this to its own probe, or says why it cannot. Pure.
 *
 * `auto` waits for the PORT when the type listens or another type starts after it (a
 * dependent started before the port is open would fail); otherwise the type is ready once
 * it is started, which is all an engine without probes knows anyway.
 */
import { assertNever } from '../../../shared/model';
import type { ReadinessCheck } from '../formation/type-settings';

export type ExportProbe =
  /** The instance listens on its PORT (engines: a TCP connection to it). */
  | { readonly kind: 'port'; readonly port: number }
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  /** GET `path` on `port` answers 2xx or 3xx. */
  | { readonly kind: 'http'; readonly path: string; readonly port: number }
  /** `command` exits 0, with the instance's environment. */
  | { readonly kind: 'exec'; readonly command: string }
  /** A line of output matches: no engine can probe that from outside the process's output. */
  | { readonly kind: 'log'; readonly pattern: string }
  /** Ready when started (`none`, or `auto` for a type nobody waits for that does not listen). */
  | { readonly kind: 'started' };

export interface ProbeContext {
  readonly listens: boolean;
  readonly dependedOn: boolean;
  /** The type's PORT (instance 1's; engines with a network per replica use it for all). */
  readonly port: number;
}

export function exportProbe(check: ReadinessCheck, context: ProbeContext): ExportProbe {
  switch (check.kind) {
    case 'auto':
      return context.listens || context.dependedOn ? { kind: 'port', port: context.port } : { kind: 'started' };
    case 'port':
      return { kind: 'port', port: context.port };
    case 'tcp':
      return { kind: 'tcp', host: check.host, port: check.port };
    case 'http':
      return { kind: 'http', path: check.path, port: check.port ?? context.port };
    case 'exec':
      return { kind: 'exec', command: check.command };
    case 'log':
      return { kind: 'log', pattern: check.pattern };
    case 'none':
      return { kind: 'started' };
    default:
      return assertNever(check, 'readiness check');
  }
}

/** A loopback host: inside a container or pod, the engine's probe does not reach it the same way. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Whole seconds for engines that count in seconds, at least 1 (0 means "the default" to several). */
export function wholeSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** The instances of the types `type` starts after, as an engine's dependency lists need them. */
export function dependencies<T extends { readonly name: string; readonly after: readonly string[] }>(
  type: T,
  types: readonly T[],
): T[] {
  return type.after.flatMap((name) => types.filter((t) => t.name === name));
}
