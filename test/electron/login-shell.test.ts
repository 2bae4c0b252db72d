/**
 * The login-shell probe's limit is hard (issue 15 item 8, issue 9 §6): real shells that
 * ignore SIGTERM, wait for input, or leave a background job holding the output open.
 * The answer comes at the limit, with a notice, and nothing of the probe is left running.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loginShellEnv } from '../../electron/main/login-shell-env';
import { groupMembers } from '../support/processes';
import { eventually } from '../support/wait';

const dir = mkdtempSync(join(tmpdir(), 'procdeck-login-shell-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A "login shell": a script run as `$SHELL -ilc …` (it ignores its arguments). */
function shell(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

const env = (SHELL: string) => ({ SHELL, PATH: '/usr/bin:/bin', HOME: dir });

describe('the login-shell probe', () => {
  it('gives up at the limit on a shell that ignores SIGTERM, SIGKILLs its whole group, and says so', async () => {
    const stubborn = shell('stubborn', `trap '' TERM HUP INT; sleep 60 & wait; sleep 60`);
    const started = Date.now();
    const outcome = await loginShellEnv(env(stubborn), 600);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(outcome.env).toEqual(env(stubborn));
    expect(outcome.notice).toMatch(/no answer within 1 s/);
    expect(outcome.pid).not.toBeNull();
    await eventually(() => groupMembers(outcome.pid!).length === 0, 'the probe group to be gone', 3000);
  });

  it('does not wait for a background job an rc file left holding the output', async () => {
    const leaky = shell('leaky', `sleep 60 & printf '%s' '__PROCDECK_ENV__'; printf 'PATH=/from/shell\\0A=1\\0'`);
    const started = Date.now();
    const outcome = await loginShellEnv(env(leaky), 5000);
    expect(Date.now() - started).toBeLessThan(2500);
    expect(outcome.notice).toBeNull();
    expect(outcome.env.PATH).toBe('/from/shell');
    await eventually(() => groupMembers(outcome.pid!).length === 0, 'the background job to be gone', 3000);
  });

  it('does not hang on a shell that reads its input (it gets none)', async () => {
    const asking = shell('asking', `read answer; printf '%s' '__PROCDECK_ENV__'; printf 'B=2\\0'`);
    const outcome = await loginShellEnv(env(asking), 3000);
    expect(outcome.notice).toBeNull();
    expect(outcome.env.B).toBe('2');
  });
});
