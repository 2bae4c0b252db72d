/**
 * Kubernetes: a Deployment per process type (replicas = the formation's count, 0 stays
 * 0), a Service for types that listen, the env values in a ConfigMap and a Secret, and a
 * kustomization.yaml (`kubectl apply -k DIR`).
 *
 * Objects are built through kubernetes-models' typed classes, so `tsc` rejects a key the
 * API does not have. Every pod has its own network, so each replica gets the type's
 * first PORT; PS is the pod's name. The kubelet expands `$(VAR)` in `command` and reads
 * `$$` as `$`, so every `$` is doubled (`$(VAR)` → `$$(VAR)`). Values reach the pods through `envFrom`, which expands
 * nothing; procdeck.yaml's per-type env through a ConfigMap and Secret of the type's own,
 * listed after the app's (a later source wins, as the type's env wins in Procdeck).
 *
 * procdeck.yaml's `ready` becomes the readinessProbe (kube-probe.ts), its `stop` the
 * grace period. `after` has no equivalent: Deployments start together (see the notes).
 */
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IEnvFromSource } from 'kubernetes-models/v1/EnvFromSource';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { stringify } from 'yaml';
import { assertNever, type ExitPolicy } from '../../../../shared/model';
import {
  PLACEHOLDER_IMAGE,
  type ExportFile,
  type ExportModel,
  type ExportType,
  type WriterResult,
} from '../export-model';
import { isDnsLabel } from '../export-names';
import { kubeNotes, orderComment, readinessProbe } from './kube-probe';
import { splitSecrets } from './secret-keys';

/** Services must be DNS-1035 labels: a letter first. */
const DNS_1035 = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

export type KubernetesObject = Deployment | Service | ConfigMap | Secret;

export function kubernetesObjects(
  model: ExportModel,
): { ok: true; objects: { file: string; object: KubernetesObject }[] } | { ok: false; error: string } {
  const { app } = model;
  const { plain, secret } = splitSecrets(model.env, model.secretKeys, model.plainKeys);
  const envFrom: IEnvFromSource[] = [];
  const objects: { file: string; object: KubernetesObject }[] = [];
  const base = { 'app.kubernetes.io/name': app, 'app.kubernetes.io/managed-by': 'procdeck' };
  if (Object.keys(plain).length > 0) {
    objects.push({
      file: 'configmap.yaml',
      object: new ConfigMap({ metadata: { name: `${app}-env`, labels: base }, data: plain }),
    });
    envFrom.push({ configMapRef: { name: `${app}-env` } });
  }
  if (Object.keys(secret).length > 0) {
    objects.push({
      file: 'secret.yaml',
      object: new Secret({ metadata: { name: `${app}-secret`, labels: base }, type: 'Opaque', stringData: secret }),
    });
    envFrom.push({ secretRef: { name: `${app}-secret` } });
  }
  for (const type of model.types) {
    const name = `${app}-${type.dnsName}`;
    if (!isDnsLabel(name) || (type.listens && !DNS_1035.test(name))) {
      return {
        ok: false,
        error: `'${name}' is not a valid Kubernetes name (a DNS label of at most 63, a letter first for a Service); shorten -a or the type name`,
      };
    }
    const typeEnvFrom = [...envFrom];
    const own = splitSecrets(type.typeEnv, model.secretKeys, model.plainKeys);
    const typeLabels = { ...base, 'app.kubernetes.io/component': type.dnsName };
    if (Object.keys(own.plain).length > 0) {
      const file = `${type.dnsName}-configmap.yaml`;
      objects.push({
        file,
        object: new ConfigMap({ metadata: { name: `${name}-env`, labels: typeLabels }, data: own.plain }),
      });
      typeEnvFrom.push({ configMapRef: { name: `${name}-env` } });
    }
    if (Object.keys(own.secret).length > 0) {
      const secretObject = new Secret({
        metadata: { name: `${name}-secret`, labels: typeLabels },
        type: 'Opaque',
        stringData: own.secret,
      });
      objects.push({ file: `${type.dnsName}-secret.yaml`, object: secretObject });
      typeEnvFrom.push({ secretRef: { name: `${name}-secret` } });
    }
    objects.push({ file: `${type.dnsName}-deployment.yaml`, object: deployment(model, type, name, typeEnvFrom) });
    if (type.listens) objects.push({ file: `${type.dnsName}-service.yaml`, object: service(model, type, name) });
  }
  return { ok: true, objects };
}

export function writeKubernetes(model: ExportModel): WriterResult {
  const built = kubernetesObjects(model);
  if (!built.ok) return built;
  const files: ExportFile[] = built.objects.map(({ file, object }) => {
    const type = model.types.find((t) => file === `${t.dnsName}-deployment.yaml`);
    const comment = type === undefined ? [] : orderComment(type);
    return { path: file, text: comment.map((l) => `# ${l}\n`).join('') + yamlText(object.toJSON()) };
  });
  files.push({
    path: 'kustomization.yaml',
    text: yamlText({
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: built.objects.map((o) => o.file),
    }),
  });
  const { plain, secret } = splitSecrets(model.env, model.secretKeys, model.plainKeys);
  const notes = [
    `ConfigMap ${model.app}-env: ${Object.keys(plain).join(', ') || '(none)'}`,
    `Secret ${model.app}-secret: ${Object.keys(secret).join(', ') || '(none)'}   (move keys with --secret KEYS / --plain KEYS)`,
    ...model.types.flatMap((type) => {
      const own = splitSecrets(type.typeEnv, model.secretKeys, model.plainKeys);
      const name = `${model.app}-${type.dnsName}`;
      return [
        ...(Object.keys(own.plain).length > 0 ? [`ConfigMap ${name}-env: ${Object.keys(own.plain).join(', ')}`] : []),
        ...(Object.keys(own.secret).length > 0 ? [`Secret ${name}-secret: ${Object.keys(own.secret).join(', ')}`] : []),
      ];
    }),
    "every replica gets its type's first PORT (each pod has its own network); PS is the pod name",
  ];
  if (model.image === null)
    notes.push(`image: ${PLACEHOLDER_IMAGE} is a placeholder; pass --image or edit the Deployments`);
  const notRestarted = model.types.filter((t) => t.policy !== 'restart').map((t) => t.name);
  if (notRestarted.length > 0) {
    notes.push(
      `${notRestarted.join(', ')}: a Deployment always restarts its pods; keep and stop-all have no equivalent`,
    );
  }
  notes.push(...kubeNotes(model));
  return {
    ok: true,
    output: {
      files,
      notes,
      install: ['kubectl apply -k DIR', `kubectl get deployments -l app.kubernetes.io/name=${model.app}`],
    },
  };
}

function deployment(
  model: ExportModel,
  type: ExportType,
  name: string,
  envFrom: readonly IEnvFromSource[],
): Deployment {
  const labels = {
    'app.kubernetes.io/name': model.app,
    'app.kubernetes.io/component': type.dnsName,
    'app.kubernetes.io/managed-by': 'procdeck',
  };
  return new Deployment({
    metadata: { name, labels },
    spec: {
      replicas: type.scale,
      selector: { matchLabels: { 'app.kubernetes.io/name': model.app, 'app.kubernetes.io/component': type.dnsName } },
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: restartPolicy(type.policy),
          terminationGracePeriodSeconds: type.graceSeconds,
          containers: [
            {
              name: type.dnsName,
              image: model.image ?? PLACEHOLDER_IMAGE,
              command: ['/bin/sh', '-c', escapeKubeletExpansion(type.command)],
              workingDir: model.root,
              ...(envFrom.length > 0 ? { envFrom: [...envFrom] } : {}),
              env: [
                { name: 'PORT', value: String(type.port) },
                { name: 'PS', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              ],
              ...(type.listens ? { ports: [{ name: 'port', containerPort: type.port, protocol: 'TCP' }] } : {}),
              ...probeOf(type),
            },
          ],
        },
      },
    },
  });
}

function probeOf(type: ExportType): { readinessProbe?: IProbe } {
  const probe = readinessProbe(type);
  return probe === null ? {} : { readinessProbe: probe };
}

function service(model: ExportModel, type: ExportType, name: string): Service {
  return new Service({
    metadata: {
      name,
      labels: {
        'app.kubernetes.io/name': model.app,
        'app.kubernetes.io/component': type.dnsName,
        'app.kubernetes.io/managed-by': 'procdeck',
      },
    },
    spec: {
      selector: { 'app.kubernetes.io/name': model.app, 'app.kubernetes.io/component': type.dnsName },
      ports: [{ name: 'port', port: type.port, targetPort: type.port, protocol: 'TCP' }],
    },
  });
}

/** Pods of a Deployment are always restarted: the only policy the API allows there. */
function restartPolicy(policy: ExitPolicy): 'Always' {
  switch (policy) {
    case 'restart':
    case 'keep':
    case 'stop-all':
      return 'Always';
    default:
      return assertNever(policy, 'exit policy');
  }
}

/**
 * Every `$` → `$$`: the kubelet expands `$(VAR)` in commands and reads `$$` as one `$`
 * (so `$(` alone would not do: a shell's `$$` would lose a dollar).
 */
export function escapeKubeletExpansion(text: string): string {
  return text.replaceAll('$', '$$$$');
}

/** YAML 1.1 quoting (what kubectl and PyYAML read): `yes`, `on`, `0755` stay strings. No folding. */
export function yamlText(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0 });
}
