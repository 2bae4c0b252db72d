// Type-checks every layer with its own tsconfig (its own lib and types): the renderer
// without Node, shared without Node or the DOM, main and preload against electron.d.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = [
  'shared',
  'electron/core',
  'electron/host',
  'electron/cli',
  'electron/main',
  'electron/preload',
  'renderer',
  'test',
  '.',
];
let failed = 0;
for (const project of projects) {
  const config = `${project}/tsconfig.json`;
  if (!existsSync(config)) continue;
  const result = spawnSync('npx', ['tsc', '-p', config], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.error(`typecheck: ${config} failed`);
  }
}
process.exit(failed === 0 ? 0 : 1);
