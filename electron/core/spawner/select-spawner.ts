/**
 * Picks the spawner: the PTY adapter unless pipes are asked for or node-pty cannot load.
 *
 * Each adapter is loaded only when chosen: a formation on PTYs never loads execa, which
 * costs tens of milliseconds of start-up (measured in bench/, workload 3).
 */
import { createRequire } from 'node:module';
import type { SpawnerKind } from '../../../shared/model';
import { PtySpawner } from './pty-spawner';
import type { Spawner } from './spawner';

export interface SpawnerChoice {
  readonly spawner: Spawner;
  /** Set when the PTY adapter was wanted and could not be used. */
  readonly warning: string | null;
}

type NodePty = typeof import('node-pty');

function loadNodePty(): NodePty {
  return createRequire(import.meta.url)('node-pty') as NodePty;
}

async function pipeSpawner(): Promise<Spawner> {
  const { PipeSpawner } = await import('./pipe-spawner');
  return new PipeSpawner();
}

/**
 * node-pty 1.1.0 loads on macOS but cannot spawn when its spawn-helper lost the execute
 * bit (microsoft/node-pty#850: "posix_spawnp failed"): there a first PTY spawn (`exit 0`)
 * decides, and a failure means pipes, with the reason.
 */
function ptyCannotSpawn(pty: NodePty): string | null {
  try {
    pty.spawn('/bin/sh', ['-c', 'exit 0'], {
      name: 'xterm-256color',
      cols: 80,
      rows: 24,
      cwd: '/',
      env: { PATH: '/usr/bin:/bin' },
    });
    return null;
  } catch (error) {
    return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
  }
}

/** `load` and `platform` are for tests: they stand in for the native module and the OS. */
export async function selectSpawner(
  wanted: SpawnerKind,
  load: () => NodePty = loadNodePty,
  platform: NodeJS.Platform = process.platform,
): Promise<SpawnerChoice> {
  if (wanted === 'pipe') return { spawner: await pipeSpawner(), warning: null };
  let pty: NodePty;
  try {
    pty = load();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { spawner: await pipeSpawner(), warning: `node-pty could not be loaded (${reason}); using pipes instead` };
  }
  const cannot = platform === 'darwin' ? ptyCannotSpawn(pty) : null;
  if (cannot)
    return {
      spawner: await pipeSpawner(),
      warning: `node-pty cannot start a terminal (${cannot}; run \`npm ci\` again, or node scripts/node-pty-mode.mjs); using pipes instead`,
    };
  return { spawner: new PtySpawner(pty), warning: null };
}
