// electron-builder's afterPack hook (electron-builder.yml): before the app is signed,
// node-pty's macOS spawn-helper, unpacked from the asar, gets its execute bit back
// (scripts/node-pty-mode.mjs says why).
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { restoreSpawnHelperMode } from './node-pty-mode.mjs';

/** Every app.asar.unpacked folder under `dir` (a few levels: the .app bundle or resources/). */
export function unpackedFolders(dir, depth = 4) {
  const found = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (!statSync(path).isDirectory()) continue;
    if (name === 'app.asar.unpacked') found.push(path);
    else if (depth > 0) found.push(...unpackedFolders(path, depth - 1));
  }
  return found;
}

export async function afterPack(context) {
  for (const unpacked of unpackedFolders(context.appOutDir)) {
    for (const helper of restoreSpawnHelperMode(unpacked)) console.log(`  • made ${helper} executable`);
  }
}

export default afterPack;
