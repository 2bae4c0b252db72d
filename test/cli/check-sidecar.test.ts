/**
 * `procdeck check` with a procdeck.yaml: the start order and each type's settings, in words
 * and in --json; its errors at file:line:col with exit 1.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { procdeckDone } from '../support/cli';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(sidecar: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-check-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'Procfile'), 'web: exec sleep 1000\nworker: exec sleep 1000\ndb: exec sleep 1000\n');
  writeFileSync(join(dir, 'procdeck.yaml'), sidecar);
  return dir;
}

const VALID = [
  '# yaml-language-server: $schema=https://procdeck.dev/schema/procdeck.schema.json',
  'processes:',
  '  web:',
  '    after: [db]',
  '    ready: { http: /healthz, timeout: 500ms }',
  '    env: { WEB_CONCURRENCY: "2" }',
  '    scale: 2',
  '    stop: { signal: SIGINT, grace: 10s }',
  '  worker:',
  '    after: db',
  '    restart: cascade',
  '    policy: restart',
  '  db:',
  '    ready: { tcp: 5432 }',
  '',
].join('\n');

describe('procdeck check with procdeck.yaml', () => {
  it('shows the start order and the settings', async () => {
    const dir = project(VALID);
    const { code, stdout } = await procdeckDone(['check', '-d', dir]);
    expect(code).toBe(0);
    expect(stdout).toContain(
      [
        // Paths are printed relative to the working directory, as Foreman's are.
        `${relative(process.cwd(), join(dir, 'procdeck.yaml'))}: start order db → web, worker`,
        '  web     scale 2; after db; ready http /healthz (timeout 500ms); env WEB_CONCURRENCY; stop SIGINT, grace 10s',
        '  worker  scale 1; after db; restart cascade; policy restart',
        '  db      scale 1; ready tcp 127.0.0.1:5432',
        '',
      ].join('\n'),
    );
  });

  it('--json includes the order and every type’s settings; -m still wins over the file’s scale', async () => {
    const dir = project(VALID);
    const { code, stdout } = await procdeckDone(['check', '--json', '-d', dir, '-m', 'web=3,db=1']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.sidecar).toBe(join(dir, 'procdeck.yaml'));
    expect(report.startOrder).toEqual([['db'], ['web', 'worker']]);
    expect(report.settings.web).toEqual({
      scale: 3,
      policy: null,
      after: ['db'],
      ready: {
        check: { kind: 'http', path: '/healthz', port: null },
        intervalMs: 250,
        timeoutMs: 500,
        warnAfterMs: 30000,
      },
      restart: 'independent',
      env: { WEB_CONCURRENCY: '2' },
      stop: { signal: 'SIGINT', graceMs: 10000 },
    });
    expect(report.settings.worker).toMatchObject({ scale: 0, policy: 'restart', restart: 'cascade' });
  });

  it('a cycle is an error at its line and column, exit 1', async () => {
    const dir = project('processes:\n  db:\n    after: [web]\n  web:\n    after: [worker]\n  worker:\n    after: db\n');
    const { code, stdout, stderr } = await procdeckDone(['check', '-d', dir]);
    expect(code).toBe(1);
    expect(stdout).not.toContain('start order');
    expect(stderr).toContain(
      `${relative(process.cwd(), join(dir, 'procdeck.yaml'))}:5:13: error: a cycle in after: web -> worker -> db -> web; none of these could ever start`,
    );
  });

  it('an unknown key and a missing dependency in --json, each with its line', async () => {
    const dir = project('processes:\n  web:\n    after: [dbb]\n');
    const { code, stdout } = await procdeckDone(['check', '--json', '-d', dir]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.sidecar).toBe(join(dir, 'procdeck.yaml'));
    expect(report.errors).toEqual([
      {
        file: join(dir, 'procdeck.yaml'),
        line: 3,
        column: 13,
        message: "web starts after 'dbb', which is not a process type of the Procfile (did you mean 'db'?)",
      },
    ]);
  });
});
