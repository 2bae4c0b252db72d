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
    const report = JSON.parse(stdout);
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
