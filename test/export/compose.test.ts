/**
 * Compose: the export validates against the compose-spec JSON schema (the one dclint
 * ships) and Debian's docker-compose accepts it; its resolved config carries every value.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { composeSchemaErrors } from './compose-schema';
import { exportFixture, expectedEnv, fixtureCopy, read, run } from './export-fixture';
import { engineMissing } from './engines';

interface Service {
  command: string[];
  environment: Record<string, string>;
  deploy: { replicas: number };
  ports?: string[];
}

const missing = engineMissing('docker-compose');

describe.skipIf(missing !== null)(missing ? `compose export — ${missing}` : 'compose export', () => {
  it('validates against the compose-spec schema and docker-compose config, with every value intact', async () => {
    const { root, project } = fixtureCopy();
    const dir = join(root, 'compose');
    await exportFixture('compose', project, dir);
    const text = read(dir, 'compose.yaml');
    const doc = parse(text, { version: '1.1' }) as { name: string; services: Record<string, Service> };

    expect(composeSchemaErrors(doc)).toBeNull();
    expect(doc.name).toBe('fixture');

    // docker-compose 1.29 predates the top-level `name:`: check a copy without it.
    const v1 = join(dir, 'compose.v1.yaml');
    writeFileSync(v1, text.replace(/^name: .*\n/m, ''));
    const quiet = await run('docker-compose', ['-f', v1, 'config', '-q'], { cwd: dir });
    expect(quiet.stdout + quiet.stderr).toBe('');
    const resolved = await run('docker-compose', ['-f', v1, 'config'], { cwd: dir });
    expect(resolved.stderr).toBe('');
    // `config` prints a compose file again, so it writes each resolved `$` as `$$`.
    const unescape = (s: string) => s.replaceAll('$$', '$');
    const services = (parse(resolved.stdout) as { services: Record<string, Service> }).services;
    const env = await expectedEnv();
    const procfile = Object.fromEntries(
      read(project, 'Procfile')
        .split('\n')
        .flatMap((l) => {
          const m = /^([\w-]+): (.*)$/.exec(l);
          return m ? [[m[1], m[2]]] : [];
        }),
    );
    const expected: [string, string, number, number][] = [
      ['web', 'web', 2, 5000],
      ['worker', 'worker', 3, 5100],
      ['clock-1', 'clock_1', 1, 5200],
    ];
    expect(Object.keys(services).sort()).toEqual(expected.map((e) => e[0]).sort());
    for (const [name, type, replicas, port] of expected) {
      const service = services[name] as Service;
      const environment = Object.fromEntries(
        Object.entries(service.environment).map(([k, v]) => [k, unescape(String(v ?? ''))]),
      );
      expect(environment).toEqual({ ...env, PORT: String(port), PS: type });
      expect(service.command.map(unescape)).toEqual(['/bin/sh', '-c', procfile[type]]);
      expect(service.deploy.replicas).toBe(replicas);
    }
    expect(services.web?.ports).toEqual(['127.0.0.1::5000/tcp']);
    expect(services.worker?.ports).toBeUndefined();
  });
});
