/**
 * Two `procdeck serve`s whose projects' ports overlap (issue 11, "Ports"): the later
 * project's dashboard offers the next free base and a click moves it there (that the move
 * is remembered for the folder is test/core/port-range-offer.test.ts's). Both servers share
 * a temporary user-data folder, as the desktop app and serve share the user's.
 */
import { expect, test } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServe, type Served } from './support/serve';

/** Away from 5000 and the other specs' ports (the instances never listen). */
const BASE = 21_000 + 100 * Math.floor(Math.random() * 200);

const root = mkdtempSync(join(tmpdir(), 'procdeck-e2e-ranges-'));
const env = { PROCDECK_USER_DATA_DIR: join(root, 'user-data') };
const servers: Served[] = [];

function project(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'Procfile'), 'web: sleep 120\n');
  writeFileSync(join(dir, '.env'), `PORT=${BASE}\n`);
  return dir;
}

test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  rmSync(root, { recursive: true, force: true });
});

test('the later of two overlapping projects is offered the next free base, and a click moves it there', async ({
  page,
}) => {
  const first = await startServe({ dir: project('shop'), env });
  servers.push(first);
  const blog = project('blog');
  const second = await startServe({ dir: blog, env });
  servers.push(second);

  await page.goto(second.url);
  const offer = page.getByRole('status', { name: 'Port range overlap' });
  await expect(offer).toContainText(
    `Ports ${BASE}–${BASE + 99} overlap shop (${BASE}–${BASE + 99}, open in pid ${first.pid})`,
  );
  await offer.getByRole('button', { name: 'Use ports 5000–5099' }).click();
  await expect(page.getByText('PORT 5000', { exact: true })).toBeVisible();
  await expect(offer).toHaveCount(0);
});
