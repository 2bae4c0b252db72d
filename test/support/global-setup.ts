/**
 * Builds the CLI before the tests when it is missing or older than its sources, so
 * `npx vitest` alone tests the current code (`npm test` builds first anyway), and the app
 * with the renderer's test hook when out/renderer lacks it (a production build: the
 * Chromium tests read the terminals through the hook).
 */
import { execSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTestHookBuild } from '../../scripts/test-hook-build.mjs';

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, newest(path));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
      latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const built = (() => {
    try {
      return statSync('out/cli/procdeck.js').mtimeMs;
    } catch {
      return 0;
    }
  })();
  const sources = Math.max(newest('electron/core'), newest('electron/cli'), newest('shared'));
  if (built < sources) execSync('npm run -s build:cli', { stdio: 'inherit' });
  ensureTestHookBuild();
}
