/**
 * Builds the headless `procdeck` command (electron/cli) into one ESM file for Node.
 * Dependencies stay external: they are installed next to it.
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';
import pkg from './package.json' with { type: 'json' };

const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), ...Object.keys(pkg.dependencies)];

export default defineConfig({
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
