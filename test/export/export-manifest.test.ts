/**
 * The export folder's plan: what a re-export writes, removes, and refuses.
 */
import { describe, expect, it } from 'vitest';
import {
  MANIFEST_FILE,
  parseManifest,
  planExport,
  type ExportManifest,
} from '../../electron/core/export/export-manifest';

const previous: ExportManifest = {
  format: 'systemd',
  app: 'a',
  files: ['a.target', 'a-web.1.service', 'a-web.2.service'],
};

describe('planExport', () => {
  it.each([
    ['an empty folder', [], null, ['a.target'], false, { ok: true, write: ['a.target'], remove: [], foreign: [] }],
    [
      'a smaller formation removes stale instances',
      [MANIFEST_FILE, 'a.target', 'a-web.1.service', 'a-web.2.service'],
      previous,
      ['a.target', 'a-web.1.service'],
      false,
      { ok: true, write: ['a.target', 'a-web.1.service'], remove: ['a-web.2.service'], foreign: [] },
    ],
    ['a foreign file refuses', ['x.conf'], null, ['a.target'], false, { ok: false, foreign: ['x.conf'] }],
    [
      'a foreign file with --force stays',
      ['x.conf'],
      null,
      ['a.target'],
      true,
      { ok: true, write: ['a.target'], remove: [], foreign: ['x.conf'] },
    ],
    [
      'a manifest file already deleted by hand',
      [MANIFEST_FILE, 'a.target'],
      previous,
      ['a.target'],
      false,
      { ok: true, write: ['a.target'], remove: [], foreign: [] },
    ],
  ] as const)('%s', (_what, present, manifest, next, force, expected) => {
    expect(planExport(present, manifest, next, force)).toEqual(expected);
  });

  it.each([
    ['not JSON', 'nope', null],
    ['not a manifest', '{"files": 3}', null],
    [
      'paths with folders are ignored',
      '{"format":"systemd","app":"a","files":["a.target","../etc/passwd","x/y"]}',
      { format: 'systemd', app: 'a', files: ['a.target'] },
    ],
  ])('parseManifest: %s', (_what, text, expected) => {
    expect(parseManifest(text)).toEqual(expected);
  });
});
