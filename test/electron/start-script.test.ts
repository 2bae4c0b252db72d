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
import { probeSandbox, sandboxProblem, type SandboxProbe } from '../../scripts/linux-sandbox.mjs';
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
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PROCDECK_ELECTRON_PACKAGE_DIR: offlineElectronPackage(),
      INIT_CWD: '/tmp',
    };
    delete env.ELECTRON_OVERRIDE_DIST_PATH;
    const run = spawnSync(process.execPath, [join(ROOT, 'scripts/start.mjs'), '--no-build', 'my-app'], {
      cwd: ROOT,
      env,
      encoding: 'utf8',
    });
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

describe('Chromium’s sandbox on Linux (Ubuntu 23.10+ restricts user namespaces)', () => {
  const electronPath = '/repo/node_modules/electron/dist/electron';
  const ubuntu: SandboxProbe = {
    platform: 'linux',
    uid: 1000,
    electronPath,
    sandbox: { path: '/repo/node_modules/electron/dist/chrome-sandbox', uid: 1000, mode: 0o755 },
    apparmorRestrictsUserns: true,
    usernsCloneOff: false,
    profileAllows: false,
  };

  it('says exactly what to do when the namespaces are restricted and chrome-sandbox is not setuid root', () => {
    const lines = sandboxProblem(ubuntu)!.join('\n');
    expect(lines).toContain(
      "sudo chown root:root '/repo/node_modules/electron/dist/chrome-sandbox' && sudo chmod 4755 '/repo/node_modules/electron/dist/chrome-sandbox'",
    );
    expect(lines).toContain(`profile procdeck-electron "${electronPath}" flags=(unconfined) {`);
    expect(lines).toContain('sudo apparmor_parser -r /etc/apparmor.d/procdeck-electron');
    expect(lines).toMatch(/owner uid 1000, mode 0755/);
    expect(lines).toMatch(/does not turn the sandbox off/);
    expect(lines).not.toMatch(/--no-sandbox/);
  });

  it.each([
    ['the helper is setuid root', { sandbox: { path: ubuntu.sandbox!.path, uid: 0, mode: 0o4755 } }],
    ['an AppArmor profile lets this Electron use namespaces', { profileAllows: true }],
    ['namespaces are not restricted', { apparmorRestrictsUserns: false }],
    ['it runs as root (start.mjs passes --no-sandbox and says so)', { uid: 0 }],
    ['it is macOS', { platform: 'darwin' as const }],
  ])('stays quiet when %s', (_why, change) => {
    expect(sandboxProblem({ ...ubuntu, ...change })).toBeNull();
  });

  it('asks for the setuid helper where the kernel has no unprivileged namespaces at all (an AppArmor profile cannot help)', () => {
    const lines = sandboxProblem({
      ...ubuntu,
      apparmorRestrictsUserns: false,
      usernsCloneOff: true,
      profileAllows: true,
    })!.join('\n');
    expect(lines).toContain('sudo chmod 4755');
    expect(lines).not.toContain('apparmor_parser');
  });

  it('reads this machine without failing', () => {
    const probe = probeSandbox(electronPath);
    expect(probe.platform).toBe(process.platform);
    expect(typeof probe.apparmorRestrictsUserns).toBe('boolean');
  });
});
