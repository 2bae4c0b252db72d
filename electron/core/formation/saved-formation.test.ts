import { describe, expect, it } from 'vitest';
import { desktopUserDataDirs, savedFormationOf, savedProjectFile } from './saved-formation';

describe('where the desktop app keeps its user data (Electron rule)', () => {
  it.each<[string, Record<string, string>, NodeJS.Platform, string[]]>([
    ['Linux: ~/.config, packaged name first', {}, 'linux', ['/home/u/.config/Procdeck', '/home/u/.config/procdeck']],
    ['Linux: $XDG_CONFIG_HOME', { XDG_CONFIG_HOME: '/cfg' }, 'linux', ['/cfg/Procdeck', '/cfg/procdeck']],
    [
      'Linux: a relative $XDG_CONFIG_HOME is ignored',
      { XDG_CONFIG_HOME: 'cfg' },
      'linux',
      ['/home/u/.config/Procdeck', '/home/u/.config/procdeck'],
    ],
    [
      'macOS: Application Support',
      {},
      'darwin',
      ['/home/u/Library/Application Support/Procdeck', '/home/u/Library/Application Support/procdeck'],
    ],
    [
      'PROCDECK_USER_DATA_DIR overrides, as for the app',
      { PROCDECK_USER_DATA_DIR: '/state', XDG_CONFIG_HOME: '/cfg' },
      'linux',
      ['/state'],
    ],
    [
      'an empty override is no override',
      { PROCDECK_USER_DATA_DIR: '' },
      'linux',
      ['/home/u/.config/Procdeck', '/home/u/.config/procdeck'],
    ],
  ])('%s', (_what, env, platform, dirs) => {
    expect(desktopUserDataDirs(env, platform, '/home/u')).toEqual(dirs);
  });
});

describe('the saved formation', () => {
  it('is each type scale and policy, by name', () => {
    expect(
      savedFormationOf([
        { name: 'web', scale: 2, policy: 'restart' },
        { name: 'worker', scale: 0, policy: 'keep' },
      ]),
    ).toEqual({ scale: { web: 2, worker: 0 }, policies: { web: 'restart', worker: 'keep' } });
  });

  it('lies in one file per project folder, named by its hash', () => {
    expect(savedProjectFile('/data', '/home/u/shop')).toMatch(/^\/data\/state\/projects\/[0-9a-f]{24}\.json$/);
    expect(savedProjectFile('/data', '/home/u/shop')).not.toBe(savedProjectFile('/data', '/home/u/shop2'));
  });
});
