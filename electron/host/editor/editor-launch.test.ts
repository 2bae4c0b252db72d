/**
 * Launching the editor: a real program on a real file, started while a PTY instance runs
 * (its master must not reach the editor), and the errors a user sees when it cannot start.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PtySpawner } from '../../core/spawner/pty-spawner';
import type { ChildHandle } from '../../core/spawner/spawner';
import { findProgram, launchEditor } from './editor-launch';

const dir = mkdtempSync(join(tmpdir(), 'editor-launch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An executable script in `dir`. */
function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

async function fileAppears(path: string, timeoutMs = 10_000): Promise<string> {
  for (const until = Date.now() + timeoutMs; Date.now() < until;) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text.includes('END')) return text;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} was not written`);
}

describe.skipIf(process.platform !== 'linux')('an editor started while a PTY instance runs', () => {
  const pty = new PtySpawner(createRequire(import.meta.url)('node-pty') as typeof import('node-pty'));
  let instance: ChildHandle;
  let ended: Promise<void>;
  beforeAll(() => {
    instance = pty.spawn({
      command: 'sleep 60',
      cwd: '/',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      cols: 80,
      rows: 24,
      stopSignal: 'SIGTERM',
    });
    ended = new Promise((resolve) => instance.onExit(() => resolve()));
  });
  afterAll(async () => {
    process.kill(-instance.pid, 'SIGKILL');
    await ended;
  });

  it('holds no PTY master: it lists its own fds into a file beside the one it opens', async () => {
    // The "editor" writes what it holds ($$ is its own pid; the prologue execs it, same pid).
    const editor = script('fd-listing-editor', 'ls -l /proc/$$/fd > "$1.fds"; echo END >> "$1.fds"');
    const target = join(dir, 'app.js');
    writeFileSync(target, 'console.log(1)\n');
    await launchEditor(editor, { file: target, line: null, column: null }, dir);
    const fds = await fileAppears(`${target}.fds`);
    expect(fds).toContain(`${target}.fds`); // its stdout: the listing ran in the editor
    expect(fds).not.toContain('/dev/ptmx');
  });
});

describe('an editor that cannot start', () => {
  const target = { file: join(dir, 'x.js'), line: 3, column: null };

  it('is named, not found on PATH, when no PATH entry has it', async () => {
    await expect(launchEditor('procdeck-no-such-editor --wait', target, dir)).rejects.toThrow(
      "could not start the editor 'procdeck-no-such-editor': not found on PATH",
    );
  });

  it('is named when a path to it leads nowhere, or to a file that is not executable', async () => {
    await expect(launchEditor(join(dir, 'missing-editor'), target, dir)).rejects.toThrow('no such program');
    writeFileSync(join(dir, 'not-executable'), 'echo no\n');
    await expect(launchEditor(join(dir, 'not-executable'), target, dir)).rejects.toThrow('no such program');
  });

  it('asks for $VISUAL or $EDITOR when none is set', async () => {
    await expect(launchEditor(null, target, dir)).rejects.toThrow('set $VISUAL or $EDITOR');
  });
});

describe('findProgram, as execvp finds a program', () => {
  const bin1 = join(dir, 'bin1');
  const bin2 = join(dir, 'bin2');
  beforeAll(() => {
    mkdirSync(join(bin1, 'ed'), { recursive: true }); // a directory named like the program: skipped
    mkdirSync(bin2, { recursive: true });
    writeFileSync(join(bin2, 'ed'), '#!/bin/sh\n');
    chmodSync(join(bin2, 'ed'), 0o755);
  });

  it('takes the first PATH entry holding an executable file of that name', () => {
    expect(findProgram('ed', '/', `${bin1}:${bin2}`)).toBe(join(bin2, 'ed'));
    expect(findProgram('ed', '/', bin1)).toBeNull();
  });

  it('takes a name with a slash as a path, relative to the working directory', () => {
    expect(findProgram('bin2/ed', dir, '')).toBe(join(bin2, 'ed'));
    expect(findProgram('./bin2/ed', dir, bin1)).toBe(join(bin2, 'ed'));
  });
});
