#!/usr/bin/env node
// The `procdeck` command: runs the built CLI (npm ci builds it; so does npm run build).
import { existsSync } from 'node:fs';

const cli = new URL('../out/cli/procdeck.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('procdeck: not built yet; run `npm run build` in the procdeck folder\n');
  process.exit(2);
}
await import(cli.href);
