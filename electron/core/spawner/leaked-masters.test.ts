/**
 * A PTY instance's master fd (node-pty 1.1.0 leaves it inheritable) must not reach the
 * children started after it, pipe or PTY, nor theirs: real spawners, real terminals, and
 * each child's own /proc/self/fd.
 */
import { mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutLeakedMasters } from './leaked-masters';
import { PipeSpawner } from './pipe-spawner';
import { PtySpawner } from './pty-spawner';
import type { ChildHandle, Spawner, SpawnRequest } from './spawner';

const pty = new PtySpawner(createRequire(import.meta.url)('node-pty') as typeof import('node-pty'));
const pipe = new PipeSpawner();

function request(command: string, env: Record<string, string> = {}): SpawnRequest {
  return {
    command,
    cwd: '/',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
    cols: 80,
    rows: 24,
    stopSignal: 'SIGTERM',
  };
}

/** Everything `command` printed, once its output has ended. */
function outputOf(
  spawner: Spawner,
  command: string,
  env?: Record<string, string>,
): Promise<{ pid: number; text: string }> {
  return new Promise((resolve) => {
    const child = spawner.spawn(request(command, env));
    let text = '';
    child.onData((_stream, chunk) => (text += Buffer.from(chunk).toString()));
    child.onOutputEnd(() => resolve({ pid: child.pid, text }));
  });
}

/** The fds of this process that are PTY masters. */
function ownMasters(): string[] {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === '/dev/ptmx';
    } catch {
      return false;
    }
  });
}

/** What a child sees: its own fds (`ls` is the shell's child, so a grandchild of ours). */
const LIST_FDS = 'ls -l /proc/self/fd';

describe.skipIf(process.platform !== 'linux')('children started while a PTY instance runs', () => {
  let first: ChildHandle;
  let firstEnded: Promise<void>;
  beforeAll(() => {
    first = pty.spawn(request('sleep 60'));
    firstEnded = new Promise((resolve) => first.onExit(() => resolve()));
  });
  afterAll(async () => {
    process.kill(-first.pid, 'SIGKILL');
    await firstEnded;
  });

  it('this process holds the running instance’s master (what could leak)', () => {
    expect(ownMasters().length).toBeGreaterThan(0);
  });

  it('a pipe child holds no PTY master', async () => {
    const { text } = await outputOf(pipe, LIST_FDS);
    expect(text).toContain('/proc/'); // ls ran and listed
    expect(text).not.toContain('/dev/ptmx');
  });

  it('a later PTY child holds no master, only its own terminal', async () => {
    const { text } = await outputOf(pty, LIST_FDS);
    expect(text).toMatch(/ 0 -> \/dev\/pts\/\d+/);
    expect(text).not.toContain('/dev/ptmx');
  });

  it('the child keeps its pid (the command is exec’d, not started below a wrapper)', async () => {
    const { pid, text } = await outputOf(pipe, 'echo "$$ $(cat /proc/$$/comm)"');
    expect(text.trim()).toBe(`${pid} sh`);
  });

  it('the way through bash reads neither ~/.bashrc nor $BASH_ENV', async () => {
    const home = mkdtempSync(join(tmpdir(), 'procdeck-home-'));
    try {
      writeFileSync(join(home, '.bashrc'), 'echo READ-BASHRC\n');
      writeFileSync(join(home, 'env.sh'), 'echo READ-BASH-ENV\n');
      const env = { HOME: home, BASH_ENV: join(home, 'env.sh') };
      // The pipe child's stdin is a socket: Debian's bash takes that for rshd and reads ~/.bashrc unless told not to.
      expect((await outputOf(pipe, 'echo clean', env)).text).toBe('clean\n');
      expect((await outputOf(pty, 'echo clean', env)).text.trim()).toBe('clean');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('withoutLeakedMasters', () => {
  it('starts a child as asked when no terminal is open, or off Linux', () => {
    expect(withoutLeakedMasters('/bin/sh', ['-c', 'x'])).toEqual({ file: '/bin/sh', args: ['-c', 'x'] });
    expect(withoutLeakedMasters('/bin/sh', ['-c', 'x'], 'darwin')).toEqual({ file: '/bin/sh', args: ['-c', 'x'] });
  });
});
