/**
 * Picks the spawner: the PTY adapter unless pipes are asked for or node-pty cannot load.
 */
import { createRequire } from 'node:module';
import type { SpawnerKind } from '../../../shared/model';
import { PipeSpawner } from './pipe-spawner';
import { PtySpawner } from './pty-spawner';
import type { Spawner } from './spawner';

export interface SpawnerChoice {
  readonly spawner: Spawner;
  /** Set when the PTY adapter was wanted and could not be used. */
  readonly warning: string | null;
}

export function selectSpawner(wanted: SpawnerKind): SpawnerChoice {
  if (wanted === 'pipe') return { spawner: new PipeSpawner(), warning: null };
  try {
    const require = createRequire(import.meta.url);
    return { spawner: new PtySpawner(require('node-pty') as typeof import('node-pty')), warning: null };
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { spawner: new PipeSpawner(), warning: `node-pty could not be loaded (${reason}); using pipes instead` };
  }
}
