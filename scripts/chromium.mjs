// Chromium for the browser tests and benchmarks: Debian's (/usr/bin/chromium) unless
// CHROMIUM_PATH says otherwise, else Playwright's own; and the flags that work on
// machines without a display, a sandbox or a network (shared/TOOLCHAIN.md).
import { existsSync } from 'node:fs';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The Chromium to launch; undefined lets Playwright use its own browser. */
export function chromiumPath(env = process.env) {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}
