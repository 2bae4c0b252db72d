import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { selectSpawner } from './select-spawner';

describe('selectSpawner', () => {
  it('uses a PTY by default', async () => {
    expect(await selectSpawner('pty')).toMatchObject({ spawner: { kind: 'pty' }, warning: null });
  });

  it('uses pipes when asked', async () => {
    expect(await selectSpawner('pipe')).toMatchObject({ spawner: { kind: 'pipe' }, warning: null });
  });

  it('falls back to pipes, with a one-line warning, when node-pty cannot load', async () => {
    const choice = await selectSpawner('pty', () => {
      throw new Error('Cannot find module pty.node\n    at somewhere');
    });
    expect(choice.spawner.kind).toBe('pipe');
    expect(choice.warning).toBe('node-pty could not be loaded (Cannot find module pty.node); using pipes instead');
  });

  it('on macOS, falls back to pipes with a one-line warning when the first PTY spawn fails (node-pty 1.1.0 spawn-helper without its execute bit)', async () => {
    const real = createRequire(import.meta.url)('node-pty') as typeof import('node-pty');
    const broken = {
      ...real,
      spawn: () => {
        throw new Error('posix_spawnp failed.');
      },
    } as typeof import('node-pty');
    const choice = await selectSpawner('pty', () => broken, 'darwin');
    expect(choice.spawner.kind).toBe('pipe');
    expect(choice.warning).toMatch(
      /^node-pty cannot start a terminal \(posix_spawnp failed\.; .*\); using pipes instead$/,
    );
    // A working node-pty passes the same first spawn (a real PTY, here).
    expect(await selectSpawner('pty', () => real, 'darwin')).toMatchObject({ spawner: { kind: 'pty' }, warning: null });
  });
});
