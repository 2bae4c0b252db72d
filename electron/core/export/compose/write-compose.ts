/**
 * Docker Compose: a service per process type with `deploy.replicas`, in one compose.yaml.
 *
 * Compose interpolates `$VAR` and `${VAR}` in every value, so each `$` is `$$`. Replicas
 * share one definition: each gets its type's first PORT (every container has its own
 * network) and PS is the type's name. A listening type publishes its container port on
 * 127.0.0.1 without a fixed host port, which two replicas could not share.
 *
 * procdeck.yaml's `ready` becomes a `healthcheck` where Compose can run it inside the
 * container (tcp, port, http, exec: compose-health.ts), and `after` becomes `depends_on`
 * with `condition: service_healthy` on such a type, `service_started` on the others.
 */
import { assertNever, type ExitPolicy } from '../../../../shared/model';
import { PLACEHOLDER_IMAGE, type ExportModel, type ExportType, type WriterResult } from '../export-model';
import { dependencies } from '../export-readiness';
import { yamlText } from '../kubernetes/write-kubernetes';
import { escapeInterpolation } from './compose-escape';
import { healthcheck, healthNotes } from './compose-health';

export const COMPOSE_FILE = 'compose.yaml';

export function composeDocument(model: ExportModel): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (const type of model.types) services[type.dnsName] = composeService(model, type);
  return { name: model.app, services };
}

function composeService(model: ExportModel, type: ExportType): Record<string, unknown> {
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...type.env, PORT: String(type.port), PS: type.name })) {
    environment[key] = escapeInterpolation(value);
  }
  const dependsOn: Record<string, { condition: 'service_healthy' | 'service_started'; restart?: true }> = {};
  // A dependency with no replicas would never become healthy, nor started: nothing to wait for (a note says so).
  for (const dependency of dependencies(type, model.types).filter((d) => d.scale > 0)) {
    dependsOn[dependency.dnsName] = {
      condition: healthcheck(dependency, model) === null ? 'service_started' : 'service_healthy',
      ...(type.cascade ? { restart: true as const } : {}),
    };
  }
  const health = healthcheck(type, model);
  return {
    image: escapeInterpolation(model.image ?? PLACEHOLDER_IMAGE),
    command: ['/bin/sh', '-c', escapeInterpolation(type.command)],
    working_dir: escapeInterpolation(model.root),
    environment,
    ...(model.user !== null ? { user: escapeInterpolation(model.user) } : {}),
    init: true,
    restart: restart(type.policy),
    stop_signal: type.stopSignal,
    stop_grace_period: `${type.graceSeconds}s`,
    deploy: { replicas: type.scale },
    ...(health !== null ? { healthcheck: health } : {}),
    ...(Object.keys(dependsOn).length > 0 ? { depends_on: dependsOn } : {}),
    // Short syntax: docker-compose v1 knows no host_ip in the long one. No host port: Docker picks one per replica.
    ...(type.listens ? { ports: [`127.0.0.1::${type.port}`] } : {}),
  };
}

function restart(policy: ExitPolicy): string {
  switch (policy) {
    case 'restart':
      return 'unless-stopped';
    case 'keep':
    case 'stop-all':
      return 'no';
    default:
      return assertNever(policy, 'exit policy');
  }
}

export function writeCompose(model: ExportModel): WriterResult {
  const notes = [
    "replicas share one definition: each gets its type's first PORT and PS is the type's name",
    'listening types publish their port on 127.0.0.1 with a host port Docker picks: docker compose port SERVICE PORT --index N',
  ];
  if (model.image === null)
    notes.push(`image: ${PLACEHOLDER_IMAGE} is a placeholder; pass --image or edit ${COMPOSE_FILE}`);
  notes.push(...healthNotes(model));
  const stopAll = model.types.filter((t) => t.policy === 'stop-all').map((t) => t.name);
  if (stopAll.length > 0)
    notes.push(
      `stop-all (${stopAll.join(', ')}): Compose has it only for a foreground run: docker compose up --abort-on-container-exit`,
    );
  return {
    ok: true,
    output: {
      files: [{ path: COMPOSE_FILE, text: yamlText(composeDocument(model)) }],
      notes,
      install: [`docker compose -f DIR/${COMPOSE_FILE} up -d`, `docker compose -f DIR/${COMPOSE_FILE} ps`],
    },
  };
}
