/**
 * procdeck.yaml's `ready`, `after` and `stop` in Kubernetes' terms. Pure.
 *
 * The ready probe becomes the container's readinessProbe (a pod leaves its Service until it
 * passes): port and tcp as `tcpSocket`, http as `httpGet` (the kubelet counts 200–399 as
 * success, as Procdeck counts 2xx/3xx), exec as `exec` through `/bin/sh -c` (probe commands
 * are not `$(VAR)`-expanded, so they are written as they are). A `log` probe has none.
 *
 * `after` has no equivalent. Deployments start together; init containers order the
 * containers of one pod, not one Deployment after another, so they are not the answer: the
 * dependent must retry until its dependency answers. The Deployment file says so.
 */
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { assertNever } from '../../../../shared/model';
import type { ExportModel, ExportType } from '../export-model';
import { isLoopback, wholeSeconds } from '../export-readiness';

export function readinessProbe(type: ExportType): IProbe | null {
  const timing = {
    periodSeconds: wholeSeconds(type.readiness.intervalMs),
    timeoutSeconds: wholeSeconds(type.readiness.timeoutMs),
  };
  const { probe } = type;
  switch (probe.kind) {
    case 'port':
      return { tcpSocket: { port: probe.port }, ...timing };
    case 'tcp':
      // The kubelet connects from the node: to the pod's IP by default; a loopback host would be the node's own.
      return { tcpSocket: { port: probe.port, ...(isLoopback(probe.host) ? {} : { host: probe.host }) }, ...timing };
    case 'http':
      return { httpGet: { path: probe.path, port: probe.port }, ...timing };
    case 'exec':
      return { exec: { command: ['/bin/sh', '-c', probe.command] }, ...timing };
    case 'log':
    case 'started':
      return null;
    default:
      return assertNever(probe, 'export probe');
  }
}

/** Comment lines for the top of a type's Deployment file: its start order, which does not carry over. */
export function orderComment(type: ExportType): string[] {
  if (type.after.length === 0) return [];
  return [
    `procdeck.yaml: ${type.name} starts after ${type.after.join(', ')}. Kubernetes starts every Deployment at once`,
    'and has no order between them. Init containers are not the answer: they order the containers of one',
    'pod, not one Deployment after another. This container must retry until what it needs answers; the',
    "dependency's readinessProbe keeps its Service from sending traffic before it is ready.",
  ];
}

/** What the user should know: start order, probes that do not map, stop signals. */
export function kubeNotes(model: ExportModel): string[] {
  const notes: string[] = [];
  const ordered = model.types.filter((t) => t.after.length > 0).map((t) => t.name);
  if (ordered.length > 0)
    notes.push(
      `after (${ordered.join(', ')}): no start order between Deployments (init containers order one pod's containers, not Deployments); each must retry until its dependencies answer`,
    );
  for (const type of model.types) {
    if (type.probe.kind === 'log')
      notes.push(`${type.name}: ready: log has no readinessProbe (the kubelet cannot read the output); none is set`);
    if (type.probe.kind === 'tcp' && isLoopback(type.probe.host))
      notes.push(
        `${type.name}: the tcp probe connects to the pod's IP, not ${type.probe.host}: a process that listens only on loopback never gets ready`,
      );
    if (type.stopSignal !== 'SIGTERM')
      notes.push(
        `${type.name}: Kubernetes stops with SIGTERM (or the image's STOPSIGNAL), not ${type.stopSignal}: set STOPSIGNAL in the image, or add a lifecycle.preStop hook that sends it (its time counts against terminationGracePeriodSeconds=${type.graceSeconds})`,
      );
  }
  return notes;
}
