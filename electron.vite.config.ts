/**
 * Builds the desktop app: main process, preload and renderer, into out/.
 * Runs without the Electron binary. The renderer build (out/renderer) is also what
 * `procdeck serve` serves to a browser tab.
 *
 * Never enable `build.bytecode`: it launches Electron, which cannot be downloaded here.
 *
 * The renderer's test hook is compiled in only with PROCDECK_TEST_HOOK=1 (a define, so a
 * production bundle holds none of its code: scripts/test-hook-build.mjs, and the test
 * that greps a production bundle). PROCDECK_BUILD_OUT_DIR puts the build elsewhere than
 * out/ (that test builds into a temporary folder).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

const OUT = resolve(import.meta.dirname, process.env.PROCDECK_BUILD_OUT_DIR || 'out');
const TEST_HOOK = process.env.PROCDECK_TEST_HOOK === '1';

export default defineConfig({
  main: {
    build: {
      outDir: resolve(OUT, 'main'),
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: resolve(OUT, 'preload'),
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'electron/preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    base: './',
    plugins: [react()],
    define: { __PROCDECK_TEST_HOOK__: JSON.stringify(TEST_HOOK) },
    build: {
      outDir: resolve(OUT, 'renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified by default; procdeck serve ships it to a browser.
      minify: true,
      // xterm.js and React in one chunk (~630 kB, ~175 kB gzipped); a local app loads it once.
      chunkSizeWarningLimit: 800,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
