// `npm test`: build, type-check, lint, layer check, unit/integration/reliability tests
// (Vitest), end-to-end tests in Chromium (Playwright). Every step runs even when one
// fails, so a single run shows everything; the exit code is non-zero if any failed.
// The runners' JSON reports land in .reports/ (scripts/report-totals.mjs sums them).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';

rmSync('.reports', { recursive: true, force: true });
mkdirSync('.reports', { recursive: true });

const steps = [
  // A build for the tests: with the renderer's test hook (scripts/test-hook-build.mjs).
  ['build', ['npm', 'run', '-s', 'build'], { PROCDECK_TEST_HOOK: '1' }],
  // The static checks are single-threaded each: they run at once (one group), each one's
  // output printed whole when it ends.
  [
    ['typecheck', ['npm', 'run', '-s', 'typecheck']],
    ['lint', ['npm', 'run', '-s', 'lint']],
    ['lint:layers', ['npm', 'run', '-s', 'lint:layers']],
  ],
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

/** One step, its output captured: for the steps of a group, which run at once. */
function runCaptured([name, [command, ...args], env]) {
  return new Promise((done) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const output = [];
    child.stdout.on('data', (d) => output.push(d));
    child.stderr.on('data', (d) => output.push(d));
    child.on('close', (code) => {
      console.log(`\n── ${name} ──`);
      process.stdout.write(Buffer.concat(output));
      done(code === 0 ? null : name);
    });
  });
}

const failed = [];
let count = 0;
for (const step of steps) {
  if (Array.isArray(step[0])) {
    count += step.length;
    failed.push(...(await Promise.all(step.map(runCaptured))).filter((name) => name !== null));
    continue;
  }
  const [name, [command, ...args], env] = step;
  count++;
  console.log(`\n── ${name} ──`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failed.push(name);
}
console.log(
  `\nsteps: ${count - failed.length} of ${count} succeeded${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`,
);
process.exit(failed.length === 0 ? 0 : 1);
