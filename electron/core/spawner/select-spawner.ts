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

/** `load` is for tests: it stands in for loading the native module. */
export async function selectSpawner(wanted: SpawnerKind, load: () => NodePty = loadNodePty): Promise<SpawnerChoice> {
  if (wanted === 'pipe') return { spawner: await pipeSpawner(), warning: null };
  try {
    return { spawner: new PtySpawner(load()), warning: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { spawner: await pipeSpawner(), warning: `node-pty could not be loaded (${reason}); using pipes instead` };
  }
}
