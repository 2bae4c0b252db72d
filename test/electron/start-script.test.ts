/**
 * `npm start` where Electron cannot be had: a plain message and the way out
 * (`npx procdeck serve`), exit code 1, no stack trace. And the binary lookup that never
 * downloads, which the Electron end-to-end spec relies on.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { executableInDist, locateElectron } from '../../scripts/electron-binary.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An electron package whose download fails the way it does offline. */
function offlineElectronPackage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-electron-'));
  temps.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
  writeFileSync(
    join(dir, 'install.js'),
    "console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at ClientRequest.<anonymous> (x.js:1:1)'); process.exit(1);\n",
  );
  return dir;
}

describe('npm start without an Electron binary', () => {
  it('says so plainly, points to procdeck serve, and exits 1 without a stack trace', () => {
    const env: NodeJS.ProcessEnv = { ...process.env, PROCDECK_ELECTRON_PACKAGE_DIR: offlineElectronPackage(), INIT_CWD: '/tmp' };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--no-build', 'my-app'], { cwd: ROOT, env, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('cannot start the desktop app: the Electron binary is not available here');
    expect(run.stderr).toContain('The download failed: RequestError: getaddrinfo ENOTFOUND github.com');
    expect(run.stderr).toContain('npx procdeck serve /tmp/my-app');
    expect(run.stderr + run.stdout).not.toMatch(/^\s+at /m);
  });
});

describe('finding the Electron binary without downloading it', () => {
  it('uses ELECTRON_OVERRIDE_DIST_PATH when it holds an executable', () => {
    const dist = mkdtempSync(join(tmpdir(), 'procdeck-dist-'));
    temps.push(dist);
    const exe = join(dist, executableInDist());
    mkdirSync(join(exe, '..'), { recursive: true });
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    expect(locateElectron({ ELECTRON_OVERRIDE_DIST_PATH: dist })).toMatchObject({ ok: true, path: exe });
    expect(locateElectron({ ELECTRON_OVERRIDE_DIST_PATH: join(dist, 'nope') })).toMatchObject({ ok: false });
  });

  it('reports a package whose binary was never downloaded', () => {
    const location = locateElectron({ PROCDECK_ELECTRON_PACKAGE_DIR: offlineElectronPackage() });
    expect(location.ok).toBe(false);
    expect(!location.ok && location.reason).toMatch(/no Electron 45\.5\.0 executable at .*dist/);
  });
});
