/**
 * A ProjectHost for tests: pipes (unless asked for PTYs), no lifeline, no log files, a 1 s grace period.
 */
import { ProjectHost, type HostServices } from '../../electron/host/project-host';
import { unguarded } from '../../electron/core/lifeline/lifeline';
import type { SpawnerKind } from '../../shared/model';

/** `overrides` replace single services (a desktop-like `info`, an open policy…). */
export function testHost(spawnerKind: SpawnerKind = 'pipe', overrides: Partial<HostServices> = {}): ProjectHost {
  return new ProjectHost({
    info: {
      kind: 'web',
      version: 'test',
      canPickFolder: false,
      canSaveToFolder: false,
      canSaveFile: false,
      platform: process.platform,
    },
    spawnerKind,
    guard: unguarded(),
    graceMs: 1000,
    defaultPolicy: 'keep',
    processEnv: { PATH: process.env.PATH ?? '' },
    logRoot: null,
    recentProjects: () => [],
    pickFolder: null,
    openLink: null,
    ...overrides,
  });
}
