/**
 * `formation.export` on a real host with real processes: it exports the formation as it
 * runs now (a scale change and a policy change included, procdeck.yaml's settings carried)
 * and refuses a bad format.
 */
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import type { FormationExport } from '../../shared/contract';
import type { ProjectHost } from '../../electron/host/project-host';
import { testHost } from '../support/host';
import { fixtureCopy } from './export-fixture';
import { settingsCopy } from './settings-fixture';

const client = { send: () => undefined };
let host: ProjectHost | null = null;

afterEach(async () => {
  await host?.close();
  host = null;
});

describe('formation.export', () => {
  it('exports the live scale and policies, with nothing written', async () => {
    const { project } = fixtureCopy();
    host = testHost();
    host.attach(client);
    await host.openProject(project);
    expect(await host.dispatch(client, 'type.scale', { type: 'worker', count: 3 })).toEqual({ ok: true, value: null });
    expect(await host.dispatch(client, 'type.setPolicy', { type: 'web', policy: 'restart' })).toEqual({
      ok: true,
      value: null,
    });
    const result = await host.dispatch(client, 'formation.export', { format: 'systemd' });
    expect(result.ok).toBe(true);
    const exported = (result as { value: FormationExport }).value;
    expect(exported.folder).toBe('fixture-systemd');
    expect(exported.files.map((f) => f.path)).toEqual([
      'fixture.target',
      'fixture-web.target',
      'fixture-web.1.service',
      'fixture-worker.target',
      'fixture-worker.1.service',
      'fixture-worker.2.service',
      'fixture-worker.3.service',
      'fixture-clock_1.target',
      'fixture-clock_1.1.service',
    ]);
    const text = (path: string) => exported.files.find((f) => f.path === path)?.text ?? '';
    expect(text('fixture-web.1.service')).toContain('Restart=always');
    expect(text('fixture-worker.3.service')).toContain('Restart=no');
    expect(text('fixture-worker.3.service')).toContain('Environment="PORT=5102"');
    // The host's grace period (1 s in tests), not a default.
    expect(text('fixture-worker.3.service')).toContain('TimeoutStopSec=1');
    expect(exported.install).toContain(
      'sudo cp fixture-systemd/*.target fixture-systemd/*.service /etc/systemd/system/',
    );
  });

  it.each([
    [{ format: 'upstart' }, /formation\.export: format: /],
    [{ format: 'systemd', dir: '/etc' }, /formation\.export: params: /],
  ])('refuses %j', async (params, message) => {
    const { project } = fixtureCopy();
    host = testHost();
    host.attach(client);
    await host.openProject(project);
    const result = await host.dispatch(client, 'formation.export', params);
    expect(result.ok).toBe(false);
    expect((result as { error: { code: string; message: string } }).error.code).toBe('invalid-request');
    expect((result as { error: { message: string } }).error.message).toMatch(message);
  });

  it("carries procdeck.yaml's start order, probes, env and stop in the live export", async () => {
    const { project } = settingsCopy();
    host = testHost();
    host.attach(client);
    await host.openProject(project);
    expect(await host.dispatch(client, 'type.scale', { type: 'web', count: 2 })).toEqual({ ok: true, value: null });
    const result = await host.dispatch(client, 'formation.export', { format: 'compose' });
    expect(result.ok).toBe(true);
    const exported = (result as { value: FormationExport }).value;
    interface Service {
      environment: Record<string, string>;
      deploy: { replicas: number };
      depends_on?: Record<string, unknown>;
      healthcheck?: { test: string[] };
      stop_signal: string;
      stop_grace_period: string;
    }
    const doc = parse(exported.files[0]?.text ?? '') as { services: Record<string, Service> };
    expect(doc.services.web?.deploy.replicas).toBe(2);
    expect(doc.services.web?.depends_on).toEqual({
      db: { condition: 'service_healthy', restart: true },
      cache: { condition: 'service_healthy', restart: true },
    });
    expect(doc.services.clock?.depends_on).toEqual({ worker: { condition: 'service_started' } });
    expect(doc.services.db?.healthcheck?.test).toEqual(['CMD', 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/5432']);
    expect(doc.services.db?.stop_signal).toBe('SIGINT');
    expect(doc.services.db?.stop_grace_period).toBe('12s');
    expect(doc.services.web?.environment.WEB_CONCURRENCY).toBe('2');
    expect(doc.services.worker?.environment.WEB_CONCURRENCY).toBeUndefined();
  });

  it('needs an open project', async () => {
    host = testHost();
    expect(await host.dispatch(client, 'formation.export', { format: 'compose' })).toEqual({
      ok: false,
      error: { code: 'no-project', message: 'no project is open' },
    });
  });
});

describe('formation.exportToFolder', () => {
  it('is refused as unsupported by a host without a native folder dialog, and says to download instead', async () => {
    const { project } = fixtureCopy();
    host = testHost();
    host.attach(client);
    await host.openProject(project);
    expect(await host.dispatch(client, 'formation.exportToFolder', { format: 'systemd' })).toEqual({
      ok: false,
      error: {
        code: 'unsupported',
        message: 'this host cannot save to a folder; download the export as a zip instead',
      },
    });
  });

  it('refuses a bad format before anything else', async () => {
    host = testHost();
    const result = await host.dispatch(client, 'formation.exportToFolder', { format: 'upstart' });
    expect(result.ok).toBe(false);
    expect((result as { error: { code: string } }).error.code).toBe('invalid-request');
  });
});
