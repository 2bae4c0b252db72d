/**
 * The desktop app end to end: Playwright's `_electron` drives the real Electron app
 * (test/electron-e2e). It needs an Electron binary: `ELECTRON_OVERRIDE_DIST_PATH`, or the
 * one the electron package downloads on first use (`npm start` does that). Where there is
 * none, every test is reported as skipped with the reason. On Linux without a display,
 * run it under `xvfb-run -a`.
 *
 *   npm run e2e:electron     (= npx playwright test -c playwright.electron.config.ts)
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'test/electron-e2e',
  outputDir: 'test-results/electron-e2e',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: '.reports/playwright-electron.json' }]],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
