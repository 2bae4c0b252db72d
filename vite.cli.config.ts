/**
 * Builds the headless `procdeck` command (electron/cli) into one ESM file for Node.
 * Dependencies stay external: they are installed next to it. Except execa: its ESM graph
 * (~50 files across a dozen packages) costs ~3× as much CPU to resolve and load as the
 * same code in one chunk (measured: ~230 ms against ~80 ms on a loaded 2-core machine),
 * and `--pipes` loads it before the first instance can start (bench/, workload 3).
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

/** Bundled into the pipe adapter's chunk instead of resolved from node_modules at run time. */
const bundled = new Set(['execa']);
const external = [
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
  ...Object.keys(pkg.dependencies).filter((d) => !bundled.has(d)),
];

export default defineConfig({
  // Vite leaves every bare import of an SSR build external by default; `external` below decides instead.
  ssr: { noExternal: true },
  build: {
    ssr: 'electron/cli/main.ts',
    outDir: 'out/cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      // Chunks (the commands, loaded on demand) sit next to procdeck.js: serve finds the
      // renderer relative to its own module (../renderer/).
      output: { format: 'es', entryFileNames: 'procdeck.js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
