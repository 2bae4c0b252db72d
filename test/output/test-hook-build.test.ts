/**
 * The renderer's test hook stays out of production builds: a real build of the app
 * without PROCDECK_TEST_HOOK holds no trace of `window.__procdeckTest`, and one with it
 * does (so the grep can tell the two apart, and the tests that read terminals get it).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, bundleHasTestHook } from '../../scripts/test-hook-build.mjs';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function built(testHook: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), `procdeck-build-${testHook ? 'test' : 'production'}-`));
  dirs.push(dir);
  buildApp({ testHook, outDir: dir });
  return join(dir, 'renderer');
}

/** The built scripts, as text. */
function scripts(renderer: string): string {
  const assets = join(renderer, 'assets');
  return readdirSync(assets)
    .filter((name) => name.endsWith('.js'))
    .map((name) => readFileSync(join(assets, name), 'latin1'))
    .join('\n');
}

describe('the renderer test hook', () => {
  it('is not in a production build', () => {
    const renderer = built(false);
    // The app itself is there (the output hub's calls), the hook is not.
    expect(scripts(renderer)).toContain('output.subscribe');
    expect(bundleHasTestHook(renderer)).toBe(false);
    expect(scripts(renderer)).not.toMatch(/__procdeckTest|__PROCDECK_TEST_HOOK__/);
  }, 120_000);

  it('is in a build for the tests', () => {
    const renderer = built(true);
    expect(bundleHasTestHook(renderer)).toBe(true);
  }, 120_000);
});
