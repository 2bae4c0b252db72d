/**
 * End-to-end tests: the dashboard in Chromium against `procdeck serve` on fixture
 * projects with real processes (test/e2e). Debian's Chromium by default (a browser
 * download is not possible everywhere); CHROMIUM_PATH overrides; Playwright's own
 * browser is the last resort.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium.mjs';

const executablePath = chromiumPath();

export default defineConfig({
  testDir: 'test/e2e',
  // The specs read the terminals through the renderer's test hook: out/ must be a build with it.
  globalSetup: './test/e2e/support/global-setup.ts',
  outputDir: 'test-results/e2e',
  timeout: 45_000,
  expect: { timeout: 10_000 },
  // Each spec file runs its own `procdeck serve` and real processes; one at a time keeps
  // the flood spec from starving the others on a 2-core machine.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: '.reports/playwright.json' }]],
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    colorScheme: 'dark',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      ...(executablePath ? { executablePath } : {}),
      args: [...CHROMIUM_ARGS],
    },
  },
});
