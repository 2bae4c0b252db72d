/**
 * The web view has no folder to write to: a real `procdeck serve` says so in `app.info`
 * (the dashboard then offers the zip download) and refuses `formation.exportToFolder` over
 * its real WebSocket as `unsupported`, writing nothing, while `formation.export` still answers.
 */
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { HostInfo } from '../../shared/contract';
import { contractClient, startServe, type Serve } from '../reliability/web-support';
import { fixtureCopy } from './export-fixture';

let serve: Serve | null = null;
afterEach(async () => {
  await serve?.stop();
  serve = null;
});

describe('Save to folder… in the web view', () => {
  it('is not offered and is refused as unsupported, with nothing written', async () => {
    const { root, project } = fixtureCopy();
    serve = await startServe([project, '--pipes']);
    await serve.run.waitForStdout(/procdeck serve: running fixture/);
    const client = await contractClient(serve);
    try {
      const info = await client.call<HostInfo>('app.info', {});
      expect(info).toMatchObject({ ok: true, value: { kind: 'web', canSaveToFolder: false } });
      const before = readdirSync(project).sort();
      expect(await client.call('formation.exportToFolder', { format: 'compose' })).toEqual({
        ok: false,
        error: {
          code: 'unsupported',
          message: 'this host cannot save to a folder; download the export as a zip instead',
        },
      });
      expect(readdirSync(project).sort()).toEqual(before);
      expect(readdirSync(root)).toEqual(['fixture']);
      expect(await client.call('formation.export', { format: 'compose' })).toMatchObject({
        ok: true,
        value: { folder: 'fixture-compose' },
      });
    } finally {
      client.close();
    }
  });
});
