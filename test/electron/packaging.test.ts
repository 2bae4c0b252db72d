/**
 * `npm run dist` cannot run here (electron-builder downloads Electron), so its
 * configuration is checked the way electron-builder itself checks it, and what the
 * issue asks of it is asserted: targets, fuses, node-pty outside the asar, real icons.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import plist from 'plist';
import { afterPack } from '../../scripts/after-pack.mjs';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function builderConfig() {
  const config = await getConfig(ROOT, join(ROOT, 'electron-builder.yml'), null);
  await validateConfiguration(config, { isEnabled: false, add: () => undefined, filename: null } as never);
  return config;
}

function pngSize(file: string): { width: number; height: number } {
  const data = readFileSync(file);
  expect(data.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

const targets = (platform: unknown) =>
  ((platform as { target: (string | { target: string })[] }).target ?? []).map((t) =>
    typeof t === 'string' ? t : t.target,
  );

describe('the electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(builderConfig()).resolves.toBeTruthy();
  });

  it('names the app and builds the installers of Linux and macOS; no Windows target, with the reason', async () => {
    const config = await builderConfig();
    expect(config.productName).toBe('Procdeck');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(targets(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targets(config.mac)).toEqual(['dmg', 'zip']);
    expect(config.win).toBeUndefined();
    expect(config.nsis).toBeUndefined();
    expect(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')).toMatch(
      /No Windows target: formations run under \/bin\/sh/,
    );
  });

  it('puts the product name into the packaged package.json, and the Linux window class matches it', async () => {
    const config = await builderConfig();
    // Electron's app name (menus, WM_CLASS) comes from the packaged package.json, which has only name: procdeck.
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).productName).toBeUndefined();
    expect(config.extraMetadata).toMatchObject({ productName: config.productName });
    const entry = (config.linux as { desktop: { entry: Record<string, string> } }).desktop.entry;
    expect(entry.StartupWMClass).toBe(config.productName);
  });

  it('declares folders as documents on macOS (Finder, the Dock) and on Linux (file managers, %U)', async () => {
    const config = await builderConfig();
    const info = (config.mac as { extendInfo: Record<string, unknown> }).extendInfo;
    // As electron-builder writes it into Info.plist, read back by a plist parser.
    const parsed = plist.parse(plist.build(info as plist.PlistObject)) as {
      CFBundleDocumentTypes: { CFBundleTypeRole: string; LSItemContentTypes: string[] }[];
    };
    expect(parsed.CFBundleDocumentTypes).toEqual([
      expect.objectContaining({ CFBundleTypeRole: 'Viewer', LSItemContentTypes: ['public.folder'] }),
    ]);
    const entry = (config.linux as { desktop: { entry: Record<string, string> } }).desktop.entry;
    expect(entry.MimeType).toBe('inode/directory;');
  });

  it('restores the execute bit of node-pty’s macOS spawn-helper after install and after packing (node-pty 1.1.0 ships it 0644)', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'procdeck-pack-'));
    try {
      const app = join(tree, 'Procdeck.app/Contents/Resources/app.asar.unpacked');
      const helpers = ['darwin-arm64', 'darwin-x64'].map((arch) =>
        join(app, 'node_modules/node-pty/prebuilds', arch, 'spawn-helper'),
      );
      for (const helper of helpers) {
        mkdirSync(dirname(helper), { recursive: true });
        writeFileSync(helper, '');
        chmodSync(helper, 0o644);
      }
      const config = await builderConfig();
      expect(config.afterPack).toBe('./scripts/after-pack.mjs');
      await afterPack({ appOutDir: tree });
      for (const helper of helpers) expect(statSync(helper).mode & 0o777).toBe(0o755);
      // The same step after npm ci, on a checkout.
      const checkout = join(tree, 'checkout');
      const helper = join(checkout, 'node_modules/node-pty/prebuilds/darwin-arm64/spawn-helper');
      mkdirSync(dirname(helper), { recursive: true });
      writeFileSync(helper, '');
      chmodSync(helper, 0o600);
      const run = spawnSync(process.execPath, [join(ROOT, 'scripts/node-pty-mode.mjs'), checkout], {
        encoding: 'utf8',
      });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/made .*spawn-helper executable/);
      expect(statSync(helper).mode & 0o777).toBe(0o711);
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  });

  it('burns the fuses that stop the packaged app from acting as Node or taking NODE_OPTIONS or --inspect', async () => {
    const config = await builderConfig();
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the built app into an asar, with node-pty unpacked', async () => {
    const config = await builderConfig();
    expect(config.asar).not.toBe(false);
    expect(config.asarUnpack).toContain('node_modules/node-pty/**');
    const files = (config.files as { filter: string[] }[]).flatMap((set) => set.filter);
    for (const part of ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json'])
      expect(files).toContain(part);
    const main = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).main as string;
    expect(main.replace(/^\.\//, '')).toMatch(/^out\/main\//);
  });
});

describe('the icons', () => {
  it.each([16, 24, 32, 48, 64, 128, 256, 512, 1024])('build/icons/NxN.png is a real %i px PNG', (size) => {
    expect(pngSize(join(ROOT, `build/icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
  });

  it('has a Windows .ico with a 256 px image and a macOS .icns up to 1024 px, from the committed SVG', () => {
    const ico = readFileSync(join(ROOT, 'build/icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
    const icns = readFileSync(join(ROOT, 'build/icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.subarray(at, at + 4).toString('ascii'));
    expect(types).toEqual(expect.arrayContaining(['icp4', 'ic07', 'ic08', 'ic09', 'ic10']));
    expect(existsSync(join(ROOT, 'build/icon.svg'))).toBe(true);
  });
});
