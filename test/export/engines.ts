/**
 * The engines the export tests drive for real, and whether this machine has them.
 *
 * On a developer's machine a missing engine skips its test, and the test's name says which
 * package brings it. Under CI (`CI=true`) `.ci/run` installs every engine first, so a missing
 * one is a failure there, never a silent skip.
 */
import { existsSync } from 'node:fs';

interface Engine {
  readonly paths: readonly string[];
  readonly debianPackage: string;
  /** systemd's own parse runs the user manager as another user (`runuser`), which takes root. */
  readonly needsRoot?: boolean;
}

const ENGINES = {
  systemd: {
    paths: ['/usr/bin/systemd-analyze', '/lib/systemd/systemd', '/usr/sbin/runuser'],
    debianPackage: 'systemd',
    needsRoot: true,
  },
  supervisord: {
    paths: ['/usr/bin/python3', '/usr/bin/supervisord', '/usr/bin/supervisorctl'],
    debianPackage: 'supervisor',
  },
  'docker-compose': { paths: ['/usr/bin/docker-compose'], debianPackage: 'docker-compose' },
} as const satisfies Record<string, Engine>;

export type EngineName = keyof typeof ENGINES;

/** Null when the engine is here (or CI must have it); else why its tests are skipped. */
export function engineMissing(name: EngineName): string | null {
  const engine: Engine = ENGINES[name];
  if (process.env.CI === 'true') return null;
  const absent = engine.paths.filter((path) => !existsSync(path));
  if (absent.length > 0)
    return `skipped: ${absent.join(', ')} not found (apt-get install ${engine.debianPackage}; .ci/run installs it)`;
  if (engine.needsRoot && process.getuid?.() !== 0)
    return 'skipped: needs root (it runs the engine as an unprivileged user; .ci/run runs as root)';
  return null;
}
