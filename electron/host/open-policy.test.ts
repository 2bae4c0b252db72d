/**
 * The open rules as pure functions and through a ProjectHost with a plugged-in policy
 * (the shape the desktop app uses: needs-confirmation, answered by confirmOpen).
 */
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { folderRootsPolicy, isWithin, type OpenConfirmation, type OpenPolicy } from './open-policy';
import { procfileNameProblem, resolveOpen } from './open-request';
import type { ProjectHost } from './project-host';
import { testHost } from '../../test/support/host';
import { eventually } from '../../test/support/wait';

describe('procfileNameProblem', () => {
  it.each(['Procfile', 'Procfile.dev', 'Procfile-worker', 'Procfile_test', 'Procfile.staging.web'])(
    '%s is a Procfile name',
    (name) => {
      expect(procfileNameProblem(name)).toBeNull();
    },
  );
  it.each([
    ['.env', /dotfile/],
    ['.Procfile', /dotfile/],
    ['web.1.log', /not a Procfile name/],
    ['Procfile.log', /log file/],
    ['Procfile-x.1.LOG', /log file/],
    ['procfile', /not a Procfile name/],
    ['Procfile.', /not a Procfile name/],
    ['Procfile..', /not a Procfile name/],
    ['ProcfileX', /not a Procfile name/],
    ['a/Procfile', /a path/],
    ['..\\Procfile', /a path/],
    ['Procfile\0', /a path/],
    [`Procfile.${'x'.repeat(80)}`, /not a Procfile name/],
  ])('%s is refused', (name, pattern) => {
    expect(procfileNameProblem(name)).toMatch(pattern);
  });
});

describe('isWithin', () => {
  it.each([
    ['/a/b', '/a', true],
    ['/a', '/a', true],
    ['/ab', '/a', false],
    ['/a/b', '/a/', true],
    ['/', '/a', false],
    ['/x', '/', true],
  ])('%s within %s: %s', (path, root, expected) => {
    expect(isWithin(path, root)).toBe(expected);
  });
});

function fixture(): { root: string; outside: string } {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'procdeck-policy-')));
  const outside = realpathSync(mkdtempSync(join(tmpdir(), 'procdeck-policy-out-')));
  mkdirSync(join(root, 'app'));
  writeFileSync(join(root, 'app', 'Procfile'), 'web: exec sleep 1000\n');
  writeFileSync(join(outside, 'Procfile'), 'evil: exec sleep 1000\n');
  symlinkSync(outside, join(root, 'link'));
  return { root, outside };
}

describe('folderRootsPolicy', () => {
  it('allows a root and below, refuses the rest, and names how to allow it', async () => {
    const { root, outside } = fixture();
    const policy = await folderRootsPolicy([root, '/no/such/root']);
    expect(await policy({ dir: root, procfile: 'Procfile', source: 'view' })).toEqual({ kind: 'allowed' });
    expect(await policy({ dir: join(root, 'app'), procfile: 'Procfile', source: 'view' })).toEqual({ kind: 'allowed' });
    const refused = await policy({ dir: outside, procfile: 'Procfile', source: 'view' });
    expect(refused.kind === 'refused' && refused.reason).toMatch(new RegExp(`--allow-open ${outside}`));
  });
});

describe('resolveOpen', () => {
  it('resolves symlinks before any policy sees the folder', async () => {
    const { root, outside } = fixture();
    const resolved = await resolveOpen(join(root, 'link'), 'Procfile', []);
    expect(resolved).toMatchObject({ ok: true, dir: outside });
  });
  it('refuses a folder inside a forbidden one, and a relative path', async () => {
    const { root } = fixture();
    expect(await resolveOpen(join(root, 'app'), 'Procfile', [root])).toMatchObject({ ok: false, code: 'refused' });
    expect(await resolveOpen('app', 'Procfile', [])).toMatchObject({ ok: false, code: 'invalid-request' });
    expect(await resolveOpen(join(root, 'missing'), 'Procfile', [])).toMatchObject({ ok: false, code: 'not-found' });
  });
});

describe('a ProjectHost with a plugged-in policy', () => {
  let host: ProjectHost | null = null;
  afterEach(async () => {
    await host?.close();
    host = null;
  });

  function hostWith(openPolicy: OpenPolicy, confirmOpen?: (c: OpenConfirmation) => Promise<boolean>): ProjectHost {
    return testHost('pipe', {
      info: {
        kind: 'electron',
        version: 'test',
        canPickFolder: true,
        canSaveToFolder: true,
        canSaveFile: true,
        platform: process.platform,
      },
      openPolicy,
      ...(confirmOpen ? { confirmOpen } : {}),
    });
  }

  const client = { send: () => undefined };
  const typedPathNeedsConfirmation: OpenPolicy = (request) =>
    request.source === 'host' ? { kind: 'allowed' } : { kind: 'needs-confirmation' };

  it('asks confirmOpen with the folder and its commands; a no refuses and leaves the formation running', async () => {
    const { root } = fixture();
    const asked: OpenConfirmation[] = [];
    let answer = false;
    host = hostWith(typedPathNeedsConfirmation, async (c) => {
      asked.push(c);
      return answer;
    });
    host.attach(client);
    await host.openProject(join(root, 'app'));
    const pidNow = () => {
      const state = host?.current?.snapshot().instances[0]?.state;
      return state && 'pid' in state ? state.pid : undefined;
    };
    const pid = await eventually(pidNow, 'web.1 to start');
    expect(pid).toBeTypeOf('number');
    const no = await host.dispatch(client, 'project.open', { dir: join(root, 'app') });
    expect(no).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(asked).toEqual([
      { dir: join(root, 'app'), procfile: 'Procfile', commands: [{ name: 'web', command: 'exec sleep 1000' }] },
    ]);
    expect(pidNow()).toBe(pid);
    answer = true;
    expect(await host.dispatch(client, 'project.open', { dir: join(root, 'app') })).toMatchObject({ ok: true });
  });

  it('without confirmOpen, needs-confirmation is a refusal', async () => {
    const { root } = fixture();
    host = hostWith(typedPathNeedsConfirmation);
    host.attach(client);
    const result = await host.dispatch(client, 'project.open', { dir: join(root, 'app') });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'refused', message: expect.stringMatching(/cannot ask/) },
    });
  });
});
