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
});
