/**
 * Kubernetes: every object of the export validates with kubernetes-models (the API's
 * schemas, offline), names are DNS-1123 labels, replicas match the formation, and the
 * env values, PORT, PS and commands arrive as Procdeck gives them.
 */
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { exportFixture, expectedEnv, filesIn, fixtureCopy, read } from './export-fixture';

const DNS_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function objectsIn(dir: string, file: string): Record<string, unknown>[] {
  return parseAllDocuments(read(dir, file), { version: '1.1' }).map((d) => d.toJS() as Record<string, unknown>);
}

describe('kubernetes export', () => {
  it('validates with kubernetes-models, with DNS-1123 names, the formation as replicas and every value intact', async () => {
    const { root, project } = fixtureCopy();
    const dir = join(root, 'k8s');
    const stdout = await exportFixture('kubernetes', project, dir, ['--image', 'registry.example/app:1.2']);
    expect(stdout).toMatch(/Secret fixture-secret: DATABASE_URL, SECRET_KEY, API_TOKEN/);
    const files = filesIn(dir);
    const kustomization = objectsIn(dir, 'kustomization.yaml')[0] as { kind: string; resources: string[] };
    expect(kustomization.kind).toBe('Kustomization');
    expect([...kustomization.resources, 'kustomization.yaml'].sort()).toEqual(files);

    const deployments = new Map<string, Deployment>();
    const env: Record<string, string> = {};
    let services = 0;
    for (const file of kustomization.resources) {
      for (const raw of objectsIn(dir, file)) {
        const model = build(raw);
        model.validate();
        const name = (raw.metadata as { name: string }).name;
        expect(name).toMatch(DNS_LABEL);
        expect((raw.metadata as { labels: Record<string, string> }).labels['app.kubernetes.io/managed-by']).toBe(
          'procdeck',
        );
        if (model instanceof Deployment) deployments.set(name, model);
        if (model instanceof ConfigMap) Object.assign(env, model.data);
        if (model instanceof Secret) Object.assign(env, model.stringData);
        if (model instanceof Service) services++;
      }
    }
    expect(env).toEqual(await expectedEnv());
    expect(services).toBe(1);
    const expected: [string, number, number, string][] = [
      ['fixture-web', 2, 5000, 'web'],
      ['fixture-worker', 3, 5100, 'worker'],
      ['fixture-clock-1', 1, 5200, 'clock_1'],
    ];
    const procfile = Object.fromEntries(
      read(project, 'Procfile')
        .split('\n')
        .flatMap((l) => {
          const m = /^([\w-]+): (.*)$/.exec(l);
          return m ? [[m[1], m[2]]] : [];
        }),
    );
    expect([...deployments.keys()].sort()).toEqual(expected.map((e) => e[0]).sort());
    for (const [name, replicas, port, type] of expected) {
      const spec = deployments.get(name)?.spec;
      expect(spec?.replicas).toBe(replicas);
      const pod = spec?.template.spec;
      expect(pod?.terminationGracePeriodSeconds).toBe(5);
      const container = pod?.containers[0];
      expect(container?.image).toBe('registry.example/app:1.2');
      expect(container?.env).toEqual([
        { name: 'PORT', value: String(port) },
        { name: 'PS', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      ]);
      // The kubelet reads `$$` as `$` (and would expand `$(VAR)`): undoing it gives the Procfile's command.
      expect(container?.command?.map((w) => w.replaceAll('$$', '$'))).toEqual(['/bin/sh', '-c', procfile[type]]);
      expect(container?.command?.[2]).not.toMatch(/(^|[^$])\$\(/);
    }
    expect(deployments.get('fixture-web')?.spec?.template.spec?.containers[0]?.readinessProbe?.tcpSocket?.port).toBe(
      5000,
    );
  });

  it('moves keys between the ConfigMap and the Secret with --secret and --plain', async () => {
    const { root, project } = fixtureCopy();
    const dir = join(root, 'k8s');
    const stdout = await exportFixture('kubernetes', project, dir, ['--secret', 'GREETING', '--plain', 'DATABASE_URL']);
    expect(stdout).toMatch(/Secret fixture-secret: GREETING, SECRET_KEY, API_TOKEN/);
    expect(Object.keys((objectsIn(dir, 'configmap.yaml')[0] as { data: object }).data)).toContain('DATABASE_URL');
    expect(Object.keys((objectsIn(dir, 'secret.yaml')[0] as { stringData: object }).stringData).sort()).toEqual([
      'API_TOKEN',
      'GREETING',
      'SECRET_KEY',
    ]);
  });

  it('keeps 0 replicas at 0', async () => {
    const { root, project } = fixtureCopy();
    const dir = join(root, 'k8s');
    await exportFixture('kubernetes', project, dir, ['-m', 'web=0,worker=1,clock_1=1']);
    expect((objectsIn(dir, 'web-deployment.yaml')[0] as { spec: { replicas: number } }).spec.replicas).toBe(0);
  });
});

function build(raw: Record<string, unknown>): Deployment | ConfigMap | Secret | Service {
  switch (raw.kind) {
    case 'Deployment':
      return new Deployment(raw as never);
    case 'ConfigMap':
      return new ConfigMap(raw as never);
    case 'Secret':
      return new Secret(raw as never);
    case 'Service':
      return new Service(raw as never);
    default:
      throw new Error(`unexpected kind ${String(raw.kind)}`);
  }
}
