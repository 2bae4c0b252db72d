// node-pty 1.1.0 ships its macOS `spawn-helper` (prebuilds/darwin-*/spawn-helper) without
// the execute bit, so every PTY spawn on macOS fails with "posix_spawnp failed"
// (microsoft/node-pty#850; fixed only in the 1.2 betas). This restores the mode:
//
//   node scripts/node-pty-mode.mjs [ROOT…]   (default: this checkout)
//
// run after `npm ci` (the postinstall step) and on the packaged app before it is signed
// (scripts/after-pack.mjs, electron-builder's afterPack). Harmless where the files are
// fine or absent (Linux, a node-pty built from source).
import { chmodSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The spawn-helper binaries of the node-pty under `root` (a folder holding node_modules/). */
export function spawnHelpers(root) {
  const pty = join(root, 'node_modules', 'node-pty');
  const found = [];
  const prebuilds = join(pty, 'prebuilds');
  if (existsSync(prebuilds)) {
    for (const dir of readdirSync(prebuilds)) {
      if (!dir.startsWith('darwin-')) continue;
      const helper = join(prebuilds, dir, 'spawn-helper');
      if (existsSync(helper)) found.push(helper);
    }
  }
  for (const build of ['build/Release/spawn-helper', 'build/Debug/spawn-helper']) {
    if (existsSync(join(pty, build))) found.push(join(pty, build));
  }
  return found;
}

/** Adds the execute bits (u+x, g+x, o+x) to every spawn-helper under `root`; returns those it changed. */
export function restoreSpawnHelperMode(root) {
  const changed = [];
  for (const helper of spawnHelpers(root)) {
    const mode = statSync(helper).mode & 0o7777;
    if ((mode & 0o111) === 0o111) continue;
    chmodSync(helper, mode | 0o111);
    changed.push(helper);
  }
  return changed;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const roots = process.argv.length > 2 ? process.argv.slice(2) : [fileURLToPath(new URL('..', import.meta.url))];
  for (const root of roots) {
    for (const helper of restoreSpawnHelperMode(resolve(root)))
      console.log(`procdeck: made ${helper} executable (node-pty 1.1.0 ships it without the execute bit)`);
  }
}
