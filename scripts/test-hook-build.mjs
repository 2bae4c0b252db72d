// The renderer's test hook (`window.__procdeckTest`, renderer/terminal/test-hook.ts) is
// compiled in only when the build runs with PROCDECK_TEST_HOOK=1, so a production build
// (`npm run build`, `npm run dist`, `npm ci`) does not carry it. The tests that read the
// terminals need a build that does: `npm test` builds one, and the test runners' global
// setups build one when out/renderer lacks the hook.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const TEST_HOOK_ENV = 'PROCDECK_TEST_HOOK';
/** The hook's name on `window`: in a bundle exactly when the hook is compiled in. */
export const TEST_HOOK_MARKER = '__procdeckTest';

const ROOT = resolve(import.meta.dirname, '..');

/** Whether the renderer built into `rendererDir` (its index.html and assets/) carries the test hook. */
export function bundleHasTestHook(rendererDir) {
  const assets = join(rendererDir, 'assets');
  if (!existsSync(join(rendererDir, 'index.html')) || !existsSync(assets)) return false;
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .some((name) => readFileSync(join(assets, name), 'latin1').includes(TEST_HOOK_MARKER));
}

/** Builds the app (electron-vite: main, preload, renderer) with or without the hook, into `outDir` (default out/). */
export function buildApp({ testHook, outDir } = { testHook: false }) {
  const env = { ...process.env, [TEST_HOOK_ENV]: testHook ? '1' : '' };
  if (outDir) env.PROCDECK_BUILD_OUT_DIR = outDir;
  const result = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: ROOT,
      env,
      stdio: 'inherit',
    },
  );
  if (result.status !== 0)
    throw new Error(`the app build${testHook ? ' with the test hook' : ''} failed (exit ${result.status})`);
}

/** Makes out/renderer a build with the test hook unless it is one already. */
export function ensureTestHookBuild() {
  if (bundleHasTestHook(join(ROOT, 'out/renderer'))) return;
  process.stderr.write(`out/renderer has no test hook: building the app with ${TEST_HOOK_ENV}=1\n`);
  buildApp({ testHook: true });
}
