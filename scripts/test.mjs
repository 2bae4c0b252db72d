// `npm test`: build, type-check, lint, layer check, unit/integration/reliability tests
// (Vitest), end-to-end tests in Chromium (Playwright). Every step runs even when one
// fails, so a single run shows everything; the exit code is non-zero if any failed.
// The runners' JSON reports land in .reports/ (scripts/report-totals.mjs sums them).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';

rmSync('.reports', { recursive: true, force: true });
mkdirSync('.reports', { recursive: true });

const steps = [
  // A build for the tests: with the renderer's test hook (scripts/test-hook-build.mjs).
  ['build', ['npm', 'run', '-s', 'build'], { PROCDECK_TEST_HOOK: '1' }],
  ['typecheck', ['npm', 'run', '-s', 'typecheck']],
  ['lint', ['npm', 'run', '-s', 'lint']],
  ['lint:layers', ['npm', 'run', '-s', 'lint:layers']],
  [
    'vitest',
    [
      'npx',
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=./test/reliability/scenario-reporter.ts',
      '--reporter=json',
      '--outputFile.json=.reports/vitest.json',
    ],
  ],
];
if (existsSync('playwright.config.ts')) steps.push(['playwright', ['npx', 'playwright', 'test']]);
// The desktop app end to end: runs where an Electron binary exists, reported as skipped elsewhere.
if (existsSync('playwright.electron.config.ts'))
  steps.push(['playwright (electron)', ['npx', 'playwright', 'test', '-c', 'playwright.electron.config.ts']]);

const failed = [];
for (const [name, [command, ...args], env] of steps) {
  console.log(`\n── ${name} ──`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failed.push(name);
}
console.log(
  `\nsteps: ${steps.length - failed.length} of ${steps.length} succeeded${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`,
);
process.exit(failed.length === 0 ? 0 : 1);
