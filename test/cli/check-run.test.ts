/**
 * `procdeck check` and `procdeck run`.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TYPE_SETTINGS } from '../../electron/core/formation/type-settings';
import { PROJECTS, procdeckDone } from '../support/cli';

describe('procdeck check --json', () => {
  it('prints exactly one JSON object describing the formation', async () => {
    const { code, stdout } = await procdeckDone(['check', '--json', '-d', `${PROJECTS}basic`], { env: { NAME: '' } });
    expect(code).toBe(0);
    const { environments, ...report } = JSON.parse(stdout);
    // envview: each type's environment with origins (its own test below).
    expect(Object.keys(environments)).toEqual(['web', 'worker']);
    expect(report).toEqual({
      procfile: `${PROJECTS}basic/Procfile`,
      processes: [
        { name: 'web', command: 'echo "web PORT=$PORT PS=$PS GREETING=$GREETING"; exec sleep 1000', port: 5000 },
        { name: 'worker', command: 'echo "worker up $PORT"; exec sleep 1000', port: 5100 },
      ],
      env: { GREETING: 'hello world', SECRET: 's3cret', EVIL: '$(touch /tmp/procdeck-pwned)' },
      warnings: [
        {
          file: `${PROJECTS}basic/.env`,
          line: 4,
          message: 'command substitution is not performed: .env values are never run by a shell',
        },
      ],
      errors: [],
      sidecar: null,
      startOrder: [['web', 'worker']],
      settings: {
        web: { scale: 1, policy: null, ...DEFAULT_TYPE_SETTINGS },
        worker: { scale: 1, policy: null, ...DEFAULT_TYPE_SETTINGS },
      },
    });
    expect(existsSync('/tmp/procdeck-pwned')).toBe(false);
  });

  it('lists errors with file and line and exits 1', async () => {
    const { code, stdout } = await procdeckDone(['check', '--json', '-d', `${PROJECTS}duplicate`]);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.errors).toEqual([
      {
        file: `${PROJECTS}duplicate/Procfile`,
        line: 3,
        message: "duplicate process type 'web' (first defined on line 1); names must be unique",
      },
    ]);
    expect(report.processes.map((p: { name: string }) => p.name)).toEqual(['web', 'worker']);
  });

  it('reports a missing Procfile as an error in the JSON', async () => {
    const { code, stdout } = await procdeckDone(['check', '--json', '-f', '/nonexistent/Procfile']);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).errors).toEqual([
      { file: '/nonexistent/Procfile', line: 0, message: 'Procfile not found' },
    ]);
  });

  it('uses the environment over the .env file, and -p over both', async () => {
    const { stdout } = await procdeckDone(['check', '--json', '-d', `${PROJECTS}basic`, '-p', '7000'], {
      env: { NAME: 'procdeck' },
    });
    const report = JSON.parse(stdout);
    expect(report.env.GREETING).toBe('hello procdeck');
    expect(report.processes.map((p: { port: number }) => p.port)).toEqual([7000, 7100]);
  });
});

describe('procdeck check', () => {
  it('says the Procfile is valid in words', async () => {
    const { code, stdout } = await procdeckDone(['check', '-d', `${PROJECTS}basic`]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/valid Procfile: 2 process type\(s\) \(web, worker\)/);
  });
});

describe('environments with origins (envview)', () => {
  const dotenv = `${PROJECTS}basic/.env`;

  it('check --json gives each type its variables, sorted, with .env lines and Procdeck’s own', async () => {
    const { code, stdout } = await procdeckDone(['check', '--json', '-d', `${PROJECTS}basic`], {
      env: { PATH: process.env.PATH ?? '', SECRET: 'from-shell' },
    });
    expect(code).toBe(0);
    const web = JSON.parse(stdout).environments.web as {
      name: string;
      value: string;
      origin: unknown;
      overridden: unknown[];
    }[];
    expect(web.map((v) => v.name)).toEqual([...web.map((v) => v.name)].sort());
    const by = (name: string) => web.find((v) => v.name === name);
    expect(by('GREETING')).toEqual({
      name: 'GREETING',
      value: 'hello world',
      origin: { kind: 'file', file: dotenv, line: 2 },
      overridden: [],
    });
    expect(by('SECRET')).toEqual({
      name: 'SECRET',
      value: 'from-shell',
      origin: { kind: 'environment', source: 'procdeck' },
      overridden: [{ origin: { kind: 'file', file: dotenv, line: 3 }, value: 's3cret' }],
    });
    expect(by('PORT')).toMatchObject({ value: '5000', origin: { kind: 'procdeck', variable: 'port' } });
    expect(by('PS')).toMatchObject({ value: 'web.1', origin: { kind: 'procdeck', variable: 'instance-name' } });
  });

  it('run --print-env TYPE prints NAME=value with the origin of each, sorted, and runs nothing', async () => {
    const { code, stdout } = await procdeckDone(['run', '--print-env', '-d', `${PROJECTS}basic`, 'worker'], {
      env: { PATH: '/usr/bin:/bin', SECRET: 'from-shell' },
      cwd: `${PROJECTS}basic`,
    });
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter(Boolean);
    expect(lines.map((l) => l.slice(0, l.indexOf('=')))).toEqual(lines.map((l) => l.slice(0, l.indexOf('='))).sort());
    // (The test runner's own environment comes along; these are the variables this project is about.)
    const mine = /^(EVIL|GREETING|PATH|PORT|PS|SECRET)=/;
    expect(lines.filter((l) => mine.test(l))).toEqual([
      'EVIL=$(touch /tmp/procdeck-pwned)  # .env:4',
      'GREETING=hello world  # .env:2',
      'PATH=/usr/bin:/bin  # environment Procdeck started in',
      'PORT=5100  # Procdeck (PORT)',
      'PS=worker.1  # Procdeck (PS)',
      'SECRET=from-shell  # environment Procdeck started in (overrides .env:3)',
    ]);
    const unknown = await procdeckDone(['run', '--print-env', '-d', `${PROJECTS}basic`, 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no process type 'nope'/);
  });
});

describe("procdeck run and procdeck.yaml's per-type env", () => {
  function sidecarProject(): string {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-run-yaml-'));
    writeFileSync(join(dir, 'Procfile'), 'web: echo "G=$G W=$W PORT=$PORT"\nworker: echo "G=$G W=$W"\n');
    writeFileSync(join(dir, '.env'), 'G=from-env\nW=from-env\n');
    writeFileSync(join(dir, 'procdeck.yaml'), 'processes:\n  web:\n    env: { W: from-yaml, ONLY: "1" }\n');
    return dir;
  }

  it('--print-env TYPE shows the type env with its origin, over the .env line it overrides', async () => {
    const dir = sidecarProject();
    const web = await procdeckDone(['run', '--print-env', '-d', dir, 'web'], {
      env: { PATH: '/usr/bin:/bin' },
      cwd: dir,
    });
    expect(web.code).toBe(0);
    const lines = web.stdout.split('\n').filter((l) => /^(G|W|ONLY)=/.test(l));
    expect(lines).toEqual([
      'G=from-env  # .env:1',
      'ONLY=1  # procdeck.yaml (web)',
      'W=from-yaml  # procdeck.yaml (web) (overrides .env:2)',
    ]);
    // Another type does not get web's env.
    const worker = await procdeckDone(['run', '--print-env', '-d', dir, 'worker'], {
      env: { PATH: '/usr/bin:/bin' },
      cwd: dir,
    });
    expect(worker.stdout.split('\n').filter((l) => /^(W|ONLY)=/.test(l))).toEqual(['W=from-env  # .env:2']);
  });

  it('run TYPE gives the command the environment --print-env shows', async () => {
    const dir = sidecarProject();
    const { code, stdout } = await procdeckDone(['run', '-d', dir, 'web']);
    expect(code).toBe(0);
    expect(stdout).toBe('G=from-env W=from-yaml PORT=5000\n');
  });
});

describe('procdeck run', () => {
  it('runs a command with the project environment', async () => {
    const { code, stdout } = await procdeckDone(
      ['run', '-d', `${PROJECTS}basic`, '--', 'sh', '-c', 'echo "$GREETING/$SECRET"'],
      { env: { NAME: '' } },
    );
    expect(code).toBe(0);
    expect(stdout).toBe('hello world/s3cret\n');
  });

  it("runs a Procfile entry by name with its instance's PORT and PS", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-run-'));
    writeFileSync(join(dir, 'Procfile'), 'web: sleep 1000\nhello: echo "PORT=$PORT PS=$PS G=$G"\n');
    writeFileSync(join(dir, '.env'), 'G=from-env\n');
    const { code, stdout } = await procdeckDone(['run', '-d', dir, 'hello']);
    expect(code).toBe(0);
    expect(stdout).toBe('PORT=5100 PS=hello.1 G=from-env\n');
  });

  it("passes the command's exit code through", async () => {
    const { code } = await procdeckDone(['run', '--', 'sh', '-c', 'exit 7']);
    expect(code).toBe(7);
  });

  it('says when the command does not exist, with exit 127', async () => {
    const { code, stderr } = await procdeckDone(['run', '--', 'no-such-command-procdeck']);
    expect(code).toBe(127);
    expect(stderr).toMatch(/cannot run 'no-such-command-procdeck': command not found/);
  });
});
