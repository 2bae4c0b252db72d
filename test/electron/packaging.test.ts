/**
 * `npm run dist` cannot run here (electron-builder downloads Electron), so its
 * configuration is checked the way electron-builder itself checks it, and what the
 * issue asks of it is asserted: targets, fuses, node-pty outside the asar, real icons.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

const targets = (platform: unknown) => ((platform as { target: (string | { target: string })[] }).target ?? []).map((t) => (typeof t === 'string' ? t : t.target));

describe('the electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(builderConfig()).resolves.toBeTruthy();
  });

  it('names the app and builds the installers of every platform', async () => {
    const config = await builderConfig();
    expect(config.productName).toBe('Procdeck');
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(targets(config.linux)).toEqual(['AppImage', 'deb']);
    expect(targets(config.mac)).toEqual(['dmg', 'zip']);
    expect(targets(config.win)).toEqual(['nsis']);
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
    for (const part of ['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']) expect(files).toContain(part);
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
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.subarray(at, at + 4).toString('ascii'));
    expect(types).toEqual(expect.arrayContaining(['icp4', 'ic07', 'ic08', 'ic09', 'ic10']));
    expect(existsSync(join(ROOT, 'build/icon.svg'))).toBe(true);
  });
});
