/**
 * procdeck.yaml's `ready` as a Compose `healthcheck`. Pure.
 *
 * Docker runs a healthcheck inside the container, so each probe becomes a command there:
 * tcp and port a connection through bash's `/dev/tcp` (a plain `sh` has none), http a
 * `curl -f` that passes on 2xx and 3xx (redirects are not followed), exec the command
 * itself through `CMD-SHELL`. A `log` probe cannot be one: the check cannot read the
 * container's output. `start_period` is the probe's warn_after: Procdeck keeps trying that
 * long before it says "not ready", and Docker counts no failure in it.
 *
 * A type gets a healthcheck when its ready probe was written in procdeck.yaml, or when
 * another type starts after it; the zero-configuration default adds none, so an image
 * without bash or curl is never marked unhealthy for a check nobody asked for.
 */
import { assertNever } from '../../../../shared/model';
import type { ExportModel, ExportType } from '../export-model';
import { isLoopback } from '../export-readiness';
import { escapeInterpolation } from './compose-escape';

export interface ComposeHealthcheck {
  readonly test: readonly string[];
  readonly interval: string;
  readonly timeout: string;
  readonly start_period: string;
}

/** Whether the model asks for this type's readiness: written in the file, or waited for. */
function wanted(type: ExportType, model: ExportModel): boolean {
  return type.readiness.check.kind !== 'auto' || model.types.some((t) => t.after.includes(type.name));
}

/** The check's command, unescaped; null when Compose cannot run it. */
function testOf(type: ExportType): readonly string[] | null {
  const { probe } = type;
  switch (probe.kind) {
    case 'port':
      return ['CMD', 'bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${probe.port}`];
    case 'tcp':
      return ['CMD', 'bash', '-c', `exec 3<>/dev/tcp/${probe.host}/${probe.port}`];
    case 'http':
      return ['CMD', 'curl', '-fsS', '-o', '/dev/null', `http://127.0.0.1:${probe.port}${probe.path}`];
    case 'exec':
      return ['CMD-SHELL', probe.command];
    case 'log':
    case 'started':
      return null;
    default:
      return assertNever(probe, 'export probe');
  }
}

export function healthcheck(type: ExportType, model: ExportModel): ComposeHealthcheck | null {
  if (!wanted(type, model)) return null;
  const test = testOf(type);
  if (test === null) return null;
  const { intervalMs, timeoutMs, warnAfterMs } = type.readiness;
  return {
    test: test.map(escapeInterpolation),
    interval: composeDuration(intervalMs),
    timeout: composeDuration(timeoutMs),
    start_period: composeDuration(warnAfterMs),
  };
}

/** `2s`, `250ms`: Compose's duration syntax. */
export function composeDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

/** What the user should know about the healthchecks and the start order. */
export function healthNotes(model: ExportModel): string[] {
  const notes: string[] = [];
  const checked = model.types.filter((t) => healthcheck(t, model) !== null);
  const needs = new Set(
    checked.flatMap((t) => (t.probe.kind === 'http' ? ['curl'] : t.probe.kind === 'exec' ? [] : ['bash'])),
  );
  if (needs.size > 0)
    notes.push(
      `healthchecks run inside the image: it needs ${[...needs].join(' and ')} (${checked.map((t) => t.name).join(', ')})`,
    );
  for (const type of model.types) {
    if (!wanted(type, model)) continue;
    if (type.probe.kind === 'log')
      notes.push(
        `${type.name}: ready: log has no healthcheck (it runs inside the container and cannot read the output); types after it wait with condition: service_started`,
      );
    if (type.probe.kind === 'tcp' && isLoopback(type.probe.host))
      notes.push(`${type.name}: the tcp check connects to ${type.probe.host} inside ${type.name}'s own container`);
  }
  const cascading = model.types.filter((t) => t.cascade && t.after.length > 0).map((t) => t.name);
  if (cascading.length > 0)
    notes.push(
      `restart: cascade (${cascading.join(', ')}) became depends_on restart: true: Compose restarts them when it restarts or recreates the dependency, not when the dependency's own restart policy restarts it`,
    );
  return notes;
}
