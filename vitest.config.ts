import { defineConfig } from 'vitest/config';

/**
 * Files that keep both cores busy on their own (floods, the quick benchmark): they run one at a
 * time, after everything else, so their throughput checks never share the machine with another
 * file. The rest mostly wait on real processes (grace periods, backoff, restarts) and run three
 * at a time.
 */
const CPU_BOUND = [
  'test/bench/bench-quick.test.ts',
  'test/reliability/output-stress.test.ts',
  'test/reliability/web-backpressure.test.ts',
];

export default defineConfig({
  test: {
    // Real child processes and node-pty: separate processes, not worker threads.
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    reporters: ['default', './test/reliability/scenario-reporter.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'waiting',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'node_modules/**', ...CPU_BOUND],
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'cpu-bound',
          include: CPU_BOUND,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
