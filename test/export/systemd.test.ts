/**
 * systemd reads the export back: `systemd-analyze verify` says nothing at all, and the
 * user manager's own parse (`systemd --test --user`, as an unprivileged user; it starts
 * nothing) shows every Environment= value and the command line intact.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportFormation } from '../../electron/core/export/export-formation';
import { DEFAULT_TYPE_SETTINGS } from '../../electron/core/formation/type-settings';
import { INSTANCES, exportFixture, expectedEnv, filesIn, fixtureCopy, read, run } from './export-fixture';
import { engineMissing } from './engines';
import { parseDump, shellWords, systemdTest } from './systemd-dump';

const COMMANDS: Record<string, string> = {};

const missing = engineMissing('systemd');

describe.skipIf(missing !== null)(missing ? `systemd export — ${missing}` : 'systemd export', () => {
  it('passes systemd-analyze verify without a single diagnostic (system units, with User=)', async () => {
    const { root, project } = fixtureCopy();
    const dir = join(root, 'units');
    await exportFixture('systemd', project, dir, ['-u', 'www-data', '-l', join(root, 'log')]);
    const units = filesIn(dir);
    expect(units).toEqual([
      'fixture-clock_1.1.service',
      'fixture-clock_1.target',
      'fixture-web.1.service',
      'fixture-web.2.service',
      'fixture-web.target',
      'fixture-worker.1.service',
      'fixture-worker.2.service',
      'fixture-worker.3.service',
      'fixture-worker.target',
      'fixture.target',
    ]);
    expect(read(dir, 'fixture-web.1.service')).toContain('User=www-data');
    // verify exits 0 on warnings (a dropped variable, an unknown key): judge its output.
    const verify = await run('systemd-analyze', ['verify', '--man=no', ...units.map((u) => join(dir, u))], {
      env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:`, SYSTEMD_LOG_LEVEL: 'info' },
    });
    expect(verify.stdout + verify.stderr).toBe('');
  });

  it('maps stop-all to a target bound to its instances, and keep to Restart=no, still without a diagnostic', async () => {
    const { root } = fixtureCopy();
    const result = exportFormation('systemd', {
      app: 'policies',
      projectName: 'x',
      root,
      types: [
        {
          name: 'web',
          command: 'exec sleep 1',
          scale: 2,
          policy: 'stop-all',
          firstPort: 5000,
          settings: DEFAULT_TYPE_SETTINGS,
        },
        {
          name: 'worker',
          command: 'exec sleep 1',
          scale: 1,
          policy: 'keep',
          firstPort: 5100,
          settings: DEFAULT_TYPE_SETTINGS,
        },
      ],
      env: { A: '1' },
      user: null,
      logDir: null,
      graceMs: 2500,
      stopSignal: 'SIGINT',
      image: null,
      secretKeys: [],
      plainKeys: [],
      systemdScope: 'system',
    });
    if (!result.ok) throw new Error(result.error);
    const dir = join(root, 'units');
    mkdirSync(dir);
    for (const file of result.output.files) writeFileSync(join(dir, file.path), file.text);
    const target = result.output.files.find((f) => f.path === 'policies.target')?.text ?? '';
    expect(target).toContain('BindsTo=policies-web.1.service policies-web.2.service');
    expect(result.output.files.find((f) => f.path === 'policies-worker.1.service')?.text).toMatch(
      /Restart=no\n[^]*KillSignal=SIGINT\nTimeoutStopSec=3\n/,
    );
    const verify = await run(
      'systemd-analyze',
      ['verify', '--man=no', ...result.output.files.map((f) => join(dir, f.path))],
      {
        env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:` },
      },
    );
    expect(verify.stdout + verify.stderr).toBe('');
  });

  it('is judged by a check that does catch an unescaped % (Foreman #668)', async () => {
    const { root } = fixtureCopy();
    const unit = join(root, 'foreman-web.1.service');
    writeFileSync(unit, '[Service]\nEnvironment="DATABASE_URL=postgres://u:p%40ss@h/db"\nExecStart=/bin/sh -c true\n');
    const verify = await run('systemd-analyze', ['verify', '--man=no', unit]);
    expect(verify.stdout + verify.stderr).toMatch(/Failed to resolve specifiers|ignoring/);
  });

  it('is parsed by systemd itself with every value, PORT, PS and the command intact', async () => {
    const { root, project } = fixtureCopy();
    const dir = join(root, 'units');
    await exportFixture('systemd', project, dir, ['--user-units']);
    const { stdout, stderr } = await systemdTest(root, dir, 'fixture.target');
    expect(stderr).not.toMatch(/fixture.*(ignor|fail|invalid)/i);
    const units = parseDump(stdout);
    const env = await expectedEnv();
    const procfile = read(project, 'Procfile');
    for (const line of procfile.split('\n')) {
      const m = /^([\w-]+): (.*)$/.exec(line);
      if (m) COMMANDS[m[1] as string] = m[2] as string;
    }
    for (const [id, port] of INSTANCES) {
      const [type, n] = id.split('.') as [string, string];
      const unit = units.get(`fixture-${type}.${n}.service`);
      expect(unit, `systemd loaded fixture-${type}.${n}.service`).toBeDefined();
      expect(unit?.environment).toEqual({ ...env, PORT: String(port), PS: id });
      expect(unit?.settings.get('KillMode')).toBe('control-group');
      expect(unit?.settings.get('TimeoutStopSec')).toBe('5s');
      expect(unit?.settings.get('Restart')).toBe('always');
      expect(unit?.settings.get('WorkingDirectory')).toBe(project);
      const argv = await shellWords(unit?.commandLine ?? '');
      // `$$` is systemd's escape for `$`, undone when it runs the command (systemd.service(7)).
      expect(argv.map((a) => a.replaceAll('$$', '$'))).toEqual(['/bin/sh', '-c', COMMANDS[type]]);
    }
    expect(units.get('fixture.target')?.settings.get('Unit Load State')).toBe('loaded');
  });
});
