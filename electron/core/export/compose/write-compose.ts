/**
 * Docker Compose: a service per process type with `deploy.replicas`, in one compose.yaml.
 *
 * Compose interpolates `$VAR` and `${VAR}` in every value, so each `$` is `$$`. Replicas
 * share one definition: each gets its type's first PORT (every container has its own
 * network) and PS is the type's name. A listening type publishes its container port on
 * 127.0.0.1 without a fixed host port, which two replicas could not share.
 */
import { assertNever, type ExitPolicy } from '../../../../shared/model';
import { PLACEHOLDER_IMAGE, type ExportModel, type ExportType, type WriterResult } from '../export-model';
import { yamlText } from '../kubernetes/write-kubernetes';

export const COMPOSE_FILE = 'compose.yaml';

/** `$` → `$$`: Compose's interpolation then gives back the literal. */
export function escapeInterpolation(text: string): string {
  return text.replaceAll('$', '$$$$');
}

export function composeDocument(model: ExportModel): Record<string, unknown> {
  const services: Record<string, unknown> = {};
  for (const type of model.types) services[type.dnsName] = composeService(model, type);
  return { name: model.app, services };
}

function composeService(model: ExportModel, type: ExportType): Record<string, unknown> {
  const environment: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...model.env, PORT: String(type.port), PS: type.name })) {
    environment[key] = escapeInterpolation(value);
  }
  return {
    image: escapeInterpolation(model.image ?? PLACEHOLDER_IMAGE),
    command: ['/bin/sh', '-c', escapeInterpolation(type.command)],
    working_dir: escapeInterpolation(model.root),
    environment,
    ...(model.user !== null ? { user: escapeInterpolation(model.user) } : {}),
    init: true,
    restart: restart(type.policy),
    stop_signal: model.stopSignal,
    stop_grace_period: `${model.graceSeconds}s`,
    deploy: { replicas: type.scale },
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
