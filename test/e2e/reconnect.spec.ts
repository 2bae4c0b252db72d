/**
 * The page outlives its server: when `procdeck serve` goes away the page says so and
 * keeps retrying; when a server comes back on the same address (same token), the page
 * reconnects, takes the new snapshot and shows the new processes' output from scratch
 * (the old terminals' offsets mean nothing to a new server).
 */
import { expect, test } from '@playwright/test';
import { join } from 'node:path';
import { expectNoFixtureProcesses, expectTerminalLine, rowPid, rowState, terminalLines } from './support/dashboard';
import { FIXTURES, startServe, type Served } from './support/serve';

let served: Served | null = null;

test.afterAll(async () => {
  await served?.stop();
  await expectNoFixtureProcesses();
});

test('after the server restarts, the page reconnects and starts the output afresh', async ({ page }) => {
  const dir = join(FIXTURES, 'variants');
  const first = await startServe({ dir });
  served = first;
  await page.goto(first.url);
  await expect(rowState(page, 'api.1')).toHaveText('ready');
  await expectTerminalLine(page, 'merged', /^api\.1\s+\| api\.1 tick 2$/);
  const oldPid = await rowPid(page, 'api.1');
  const helloPid = (lines: string[]) =>
    lines.map((l) => /hello from api\.1 PORT=5000 pid=(\d+)/.exec(l)?.[1]).filter(Boolean);
  const [oldHello] = helloPid(await terminalLines(page, 'instance:api.1'));
  expect(oldHello).toBeDefined();

  await first.stop();
  served = null;
  await expect(page.getByRole('alert')).toContainText('lost the connection to procdeck serve');

  served = await startServe({ dir, port: first.port, token: first.token });
  await expect(page.getByRole('alert')).toHaveCount(0, { timeout: 15_000 });
  await expect(rowState(page, 'api.1')).toHaveText('ready');
  await expect.poll(() => rowPid(page, 'api.1')).not.toBe(oldPid);
  // The new api.1's terminal holds the new process's output only, from its first line. (Polled:
  // until the new replay arrives the terminal may still show the old process's hello.)
  const newPid = await rowPid(page, 'api.1');
  expect(newPid).not.toBeNull();
  await expect
    .poll(async () => {
      const hellos = helloPid(await terminalLines(page, 'instance:api.1'));
      return hellos.length === 1 && hellos[0] !== oldHello ? 'only the new hello' : hellos;
    })
    .toBe('only the new hello');
  // The merged view keeps the old lines above and goes on with the new ones.
  await expect
    .poll(async () => (await terminalLines(page, 'merged')).filter((l) => /^api\.1\s+\| hello from api\.1/.test(l)))
    .toHaveLength(2);
});
