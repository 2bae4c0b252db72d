/**
 * Builds the desktop app: main process, preload and renderer, into out/.
 * Runs without the Electron binary. The renderer build (out/renderer) is also what
 * `procdeck serve` serves to a browser tab.
 *
 * Never enable `build.bytecode`: it launches Electron, which cannot be downloaded here.
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
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
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves the renderer unminified by default; procdeck serve ships it to a browser.
      minify: true,
      // xterm.js and React in one chunk (~630 kB, ~175 kB gzipped); a local app loads it once.
      chunkSizeWarningLimit: 800,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'renderer/index.html') } },
    },
  },
});
