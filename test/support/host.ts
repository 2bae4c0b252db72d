/**
 * A ProjectHost for tests: pipes, no lifeline, no log files, a 1 s grace period.
 */
import { ProjectHost } from '../../electron/core/host/project-host';
import { unguarded } from '../../electron/core/lifeline/lifeline';

export function testHost(): ProjectHost {
  return new ProjectHost({
    info: { kind: 'web', version: 'test', canPickFolder: false, canSaveToFolder: false, platform: process.platform },
    spawnerKind: 'pipe',
    guard: unguarded(),
    graceMs: 1000,
    defaultPolicy: 'keep',
    processEnv: { PATH: process.env.PATH ?? '' },
    logRoot: null,
    recentProjects: () => [],
    pickFolder: null,
    openLink: null,
  });
}
