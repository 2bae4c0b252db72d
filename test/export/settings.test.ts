/**
 * procdeck.yaml's settings in every engine, each read back by the engine itself: start
 * order (`after`, with `restart: cascade` and independent), each ready probe, per-type env
 * over .env, per-type stop signal and grace.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import plist from 'plist';
import { parse, parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { composeSchemaErrors } from './compose-schema';
import { killAll } from '../support/processes';
import { filesIn, read, run } from './export-fixture';
import { engineMissing } from './engines';
import { APP, SETTINGS_INSTANCES, STOPS, TYPE_ENV, exportSettings, settingsCopy, typeEnv } from './settings-fixture';
import { parseDump, systemdTest } from './systemd-dump';

const PYTHON = '/usr/bin/python3';
const service = (id: string) => `${APP}-${id}.service`;

describe.skipIf(engineMissing('systemd') !== null)('procdeck.yaml in the systemd export', () => {
  it('orders units with After= and Wants=/Requires=, and carries env and stop, as systemd parses them', async () => {
    const { root, project } = settingsCopy();
    const dir = join(root, 'units');
    await exportSettings('systemd', project, dir, ['--user-units']);
    const units = filesIn(dir);
    const verify = await run('systemd-analyze', ['verify', '--man=no', ...units.map((u) => join(dir, u))], {
      env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:`, SYSTEMD_LOG_LEVEL: 'info' },
    });
    expect(verify.stdout + verify.stderr).toBe('');

    const { stdout, stderr } = await systemdTest(root, dir, `${APP}.target`);
    expect(stderr).not.toMatch(/settings-fixture.*(ignor|fail|invalid)/i);
    const dump = parseDump(stdout);
    const fromFile = (id: string, key: string) =>
      (dump.get(service(id))?.lists.get(key) ?? [])
        .filter((v) => v.endsWith('(origin-file)'))
        .map((v) => v.split(' ')[0]);
    // web: restart: cascade → Requires=; worker (independent) → Wants=; both After= every dependency instance.
    for (const web of ['web.1', 'web.2']) {
      expect(
        fromFile(web, 'After')
          .filter((u) => u?.endsWith('.service'))
          .sort(),
      ).toEqual([service('cache.1'), service('db.1')]);
      expect(
        fromFile(web, 'Requires')
          .filter((u) => u?.endsWith('.service'))
          .sort(),
      ).toEqual([service('cache.1'), service('db.1')]);
    }
    expect(
      fromFile('worker.1', 'After')
        .filter((u) => u?.endsWith('.service'))
        .sort(),
    ).toEqual([service('web.1'), service('web.2')]);
    expect(fromFile('worker.1', 'Wants').sort()).toEqual([service('web.1'), service('web.2')]);
    expect(fromFile('worker.1', 'Requires').filter((u) => u?.endsWith('.service'))).toEqual([]);
    expect(fromFile('clock.1', 'Wants')).toEqual([service('worker.1')]);
    expect(fromFile('db.1', 'After').filter((u) => u?.endsWith('.service'))).toEqual([]);
    for (const [id, port] of SETTINGS_INSTANCES) {
      const type = id.split('.')[0] as string;
      const unit = dump.get(service(id));
      expect(unit?.environment, id).toEqual({ ...typeEnv(type), PORT: String(port), PS: id });
      expect(unit?.settings.get('KillSignal'), id).toBe(STOPS[type]?.signal);
      expect(unit?.settings.get('TimeoutStopSec'), id).toBe(`${STOPS[type]?.grace}s`);
    }
  });
});

let daemon: ChildProcess | null = null;
afterEach(() => {
  if (daemon?.pid !== undefined && daemon.exitCode === null) killAll([daemon.pid]);
  daemon = null;
});

describe.skipIf(engineMissing('supervisord') !== null)('procdeck.yaml in the supervisord export', () => {
  it('gives priorities in start order and per-type stops (its own parser), and per-type env to the processes', async () => {
    const { root, project } = settingsCopy();
    const conf = join(root, 'conf');
    const stdout = await exportSettings('supervisord', project, conf, ['-l', root]);
    // web's GREETING holds both quote kinds: only a file of web's own carries it (the others keep .env's).
    expect(filesIn(conf)).toEqual([`${APP}-web.env`, `${APP}.conf`]);
    expect(stdout).toMatch(/after: programs start in start order/);
    expect(read(conf, `${APP}.conf`)).toMatch(
      /^; .*programs=[^]*priority=[^]*order only: supervisord starts the next program without waiting/m,
    );
    const main = join(root, 'supervisord.conf');
    writeFileSync(
      main,
      [
        '[unix_http_server]',
        `file=${root}/supervisor.sock`,
        '[supervisord]',
        `logfile=${root}/supervisord.log`,
        `pidfile=${root}/supervisord.pid`,
        `childlogdir=${root}`,
        '[rpcinterface:supervisor]',
        'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface',
        '[supervisorctl]',
        `serverurl=unix://${root}/supervisor.sock`,
        '[include]',
        `files=${conf}/*.conf`,
        '',
      ].join('\n'),
    );
    // supervisord's own parser (there is no check command): what each program became.
    const parsed = await run(PYTHON, [
      '-c',
      [
        'import json, sys',
        'from supervisor.options import ServerOptions',
        'o = ServerOptions(); o.realize(["-c", sys.argv[1]])',
        'print(json.dumps({p.name: [p.priority, p.stopsignal, p.stopwaitsecs] for g in o.process_group_configs for p in g.process_configs}))',
      ].join('\n'),
      main,
    ]);
    const programs = JSON.parse(parsed.stdout) as Record<string, [number, number, number]>;
    const signals: Record<string, number> = { SIGTERM: 15, SIGINT: 2, SIGQUIT: 3 };
    const priority: Record<string, number> = { db: 100, cache: 100, web: 200, worker: 300, clock: 400 };
    expect(Object.keys(programs).sort()).toEqual(
      SETTINGS_INSTANCES.map(([id]) => `${APP}-${id.replace('.', '-')}`).sort(),
    );
    for (const [id] of SETTINGS_INSTANCES) {
      const type = id.split('.')[0] as string;
      const stop = STOPS[type] as { signal: string; grace: number };
      expect(programs[`${APP}-${id.replace('.', '-')}`], id).toEqual([
        priority[type],
        signals[stop.signal],
        stop.grace,
      ]);
    }

    // A real supervisord runs it: each instance dumps its environment.
    daemon = spawn(PYTHON, ['/usr/bin/supervisord', '-n', '-c', main], { cwd: root, stdio: 'ignore', detached: true });
    const exited = new Promise<number | null>((resolve) => daemon?.on('exit', (code) => resolve(code)));
    const dumps = SETTINGS_INSTANCES.map(([id]) => join(project, 'out', `${id}.env`));
    const deadline = Date.now() + 20_000;
    // supervisord reports nothing outward to wait on: look for the dumps, as an operator would.
    while (!dumps.every((p) => existsSync(p) && readFileSync(p, 'utf8').includes('PS='))) {
      if (Date.now() > deadline || daemon.exitCode !== null) throw new Error(`not every program ran`);
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const [id, port] of SETTINGS_INSTANCES) {
      const got: Record<string, string> = {};
      for (const entry of readFileSync(join(project, 'out', `${id}.env`), 'utf8')
        .split('\0')
        .slice(0, -1)) {
        const eq = entry.indexOf('=');
        got[entry.slice(0, eq)] = entry.slice(eq + 1);
      }
      const expected = { ...typeEnv(id.split('.')[0] as string), PORT: String(port), PS: id };
      for (const [key, value] of Object.entries(expected)) expect(got[key], `${id} ${key}`).toBe(value);
    }
    // The start order, as supervisord logged its spawns: each stage after the one it waits for
    // (the Procfile lists web and worker before db, so the conf's own order would not do).
    const spawned = [...readFileSync(join(root, 'supervisord.log'), 'utf8').matchAll(/spawned: '([^']+)'/g)].map((m) =>
      (m[1] as string).replace(`${APP}-`, '').replace(/-\d+$/, ''),
    );
    expect(new Set(spawned.slice(0, SETTINGS_INSTANCES.length))).toEqual(new Set(Object.keys(priority)));
    const stage = (type: string) => priority[type] ?? 0;
    expect(spawned.slice(0, SETTINGS_INSTANCES.length).map(stage)).toEqual(
      spawned
        .slice(0, SETTINGS_INSTANCES.length)
        .map(stage)
        .sort((a, b) => a - b),
    );
    await run(PYTHON, ['/usr/bin/supervisorctl', '-c', main, 'shutdown']);
    expect(await exited).toBe(0);
  });
});

describe.skipIf(engineMissing('docker-compose') !== null)('procdeck.yaml in the compose export', () => {
  it('has healthchecks from the probes and depends_on with conditions, accepted by the schema and docker-compose', async () => {
    const { root, project } = settingsCopy();
    const dir = join(root, 'compose');
    const stdout = await exportSettings('compose', project, dir);
    expect(stdout).toMatch(/worker: ready: log has no healthcheck/);
    const text = read(dir, 'compose.yaml');
    expect(composeSchemaErrors(parse(text, { version: '1.1' }))).toBeNull();

    // docker-compose 1.29 predates the top-level name: and depends_on's restart: (both in the schema above).
    const v1 = join(dir, 'compose.v1.yaml');
    writeFileSync(v1, text.replace(/^name: .*\n/m, '').replace(/^ +restart: true\n/gm, ''));
    const resolved = await run('docker-compose', ['-f', v1, 'config'], { cwd: dir });
    expect(resolved.stderr).toBe('');
    const unescape = (s: string) => s.replaceAll('$$', '$');
    interface Resolved {
      environment: Record<string, string>;
      healthcheck?: { test: string[]; interval: string; timeout: string; start_period: string };
      depends_on?: Record<string, { condition: string }>;
      stop_signal: string;
      stop_grace_period: string;
    }
    const services = (parse(resolved.stdout) as { services: Record<string, Resolved> }).services;
    expect(services.db?.healthcheck).toEqual({
      test: ['CMD', 'bash', '-c', 'exec 3<>/dev/tcp/127.0.0.1/5432'],
      interval: '500ms',
      timeout: '1s',
      start_period: '20s',
    });
    expect(services.cache?.healthcheck?.test.map(unescape)).toEqual(['CMD-SHELL', 'test -s "out/$PS.env"']);
    expect(services.web?.healthcheck?.test).toEqual([
      'CMD',
      'curl',
      '-fsS',
      '-o',
      '/dev/null',
      'http://127.0.0.1:5000/healthz',
    ]);
    expect(services.web?.healthcheck?.timeout).toBe('3s');
    expect(services.worker?.healthcheck).toBeUndefined();
    expect(services.clock?.healthcheck).toBeUndefined();
    expect(services.web?.depends_on).toEqual({
      db: { condition: 'service_healthy' },
      cache: { condition: 'service_healthy' },
    });
    expect(services.worker?.depends_on).toEqual({ web: { condition: 'service_healthy' } });
    // worker's log probe cannot be a healthcheck: clock waits for worker's start only.
    expect(services.clock?.depends_on).toEqual({ worker: { condition: 'service_started' } });
    const original = parse(text, { version: '1.1' }) as { services: Record<string, Resolved> };
    expect(original.services.web?.depends_on?.db).toEqual({ condition: 'service_healthy', restart: true });
    expect(original.services.worker?.depends_on?.web).toEqual({ condition: 'service_healthy' });
    const ports: Record<string, number> = { web: 5000, worker: 5100, db: 5200, cache: 5300, clock: 5400 };
    for (const [type, stop] of Object.entries(STOPS)) {
      const s = services[type] as Resolved;
      expect(s.stop_signal, type).toBe(stop.signal);
      expect(s.stop_grace_period, type).toBe(`${stop.grace}s`);
      const env = Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, unescape(String(v))]));
      expect(env, type).toEqual({ ...typeEnv(type), PORT: String(ports[type]), PS: type });
    }
  });
});

describe('procdeck.yaml in the kubernetes export', () => {
  it('maps each probe to a readinessProbe, the stop to the grace period, and per-type env to its own objects', async () => {
    const { root, project } = settingsCopy();
    const dir = join(root, 'k8s');
    const stdout = await exportSettings('kubernetes', project, dir);
    expect(stdout).toMatch(/Secret settings-fixture-db-secret: DB_PASSWORD/);
    expect(stdout).toMatch(/db: Kubernetes stops with SIGTERM .*not SIGINT.*preStop/);
    const kustomization = parse(read(dir, 'kustomization.yaml')) as { resources: string[] };
    const deployments = new Map<string, Deployment>();
    const data = new Map<string, Record<string, string>>();
    for (const file of kustomization.resources) {
      for (const doc of parseAllDocuments(read(dir, file), { version: '1.1' })) {
        const raw = doc.toJS() as { kind: string; metadata: { name: string } };
        const object =
          raw.kind === 'Deployment'
            ? new Deployment(raw as never)
            : raw.kind === 'ConfigMap'
              ? new ConfigMap(raw as never)
              : raw.kind === 'Secret'
                ? new Secret(raw as never)
                : new Service(raw as never);
        object.validate();
        if (object instanceof Deployment) deployments.set(raw.metadata.name, object);
        if (object instanceof ConfigMap) data.set(raw.metadata.name, { ...object.data });
        if (object instanceof Secret) data.set(raw.metadata.name, { ...object.stringData });
      }
    }
    const pod = (type: string) => deployments.get(`${APP}-${type}`)?.spec?.template.spec;
    const probe = (type: string) => pod(type)?.containers[0]?.readinessProbe;
    expect(probe('db')).toEqual({ tcpSocket: { port: 5432 }, periodSeconds: 1, timeoutSeconds: 1 });
    expect(probe('cache')).toEqual({
      exec: { command: ['/bin/sh', '-c', 'test -s "out/$PS.env"'] },
      periodSeconds: 1,
      timeoutSeconds: 2,
    });
    expect(probe('web')).toEqual({ httpGet: { path: '/healthz', port: 5000 }, periodSeconds: 1, timeoutSeconds: 3 });
    expect(probe('worker')).toBeUndefined();
    expect(probe('clock')).toBeUndefined();
    for (const [type, stop] of Object.entries(STOPS))
      expect(pod(type)?.terminationGracePeriodSeconds, type).toBe(stop.grace);
    // The type's own ConfigMap/Secret come after the app's: a later envFrom source wins.
    expect(pod('db')?.containers[0]?.envFrom).toEqual([
      { configMapRef: { name: `${APP}-env` } },
      { secretRef: { name: `${APP}-secret` } },
      { configMapRef: { name: `${APP}-db-env` } },
      { secretRef: { name: `${APP}-db-secret` } },
    ]);
    expect({ ...data.get(`${APP}-db-env`), ...data.get(`${APP}-db-secret`) }).toEqual(TYPE_ENV.db);
    expect(data.get(`${APP}-web-env`)).toEqual(TYPE_ENV.web);
    expect(pod('worker')?.containers[0]?.envFrom).toHaveLength(2);
    expect(read(dir, 'web-deployment.yaml')).toMatch(
      /^# procdeck.yaml: web starts after db, cache[^]*Init containers are not the answer/,
    );
    expect(read(dir, 'db-deployment.yaml')).toMatch(/^apiVersion:/);
  });
});

describe('procdeck.yaml in the launchd export', () => {
  it('carries per-type env and grace, and says in the plist that launchd has no start order', async () => {
    const { root, project } = settingsCopy();
    const dir = join(root, 'agents');
    const stdout = await exportSettings('launchd', project, dir, ['-l', root]);
    expect(stdout).toMatch(/launchd always stops with SIGTERM; worker's SIGQUIT, db's SIGINT does not carry over/);
    for (const [id, port] of SETTINGS_INSTANCES) {
      const type = id.split('.')[0] as string;
      const text = read(dir, `local.procdeck.${APP}.${id}.plist`);
      const job = plist.parse(text) as Record<string, unknown>;
      expect(job.EnvironmentVariables, id).toEqual({ ...typeEnv(type), PORT: String(port), PS: id });
      expect(job.ExitTimeOut, id).toBe(STOPS[type]?.grace);
      if (type === 'db' || type === 'cache') expect(text).not.toContain('<!--');
      else expect(text).toMatch(/<!-- procdeck.yaml: \w+ starts after [^]*launchd has no start order/);
    }
  });
});
