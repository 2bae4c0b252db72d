import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readProjectFile } from './read-project-file';

const dir = mkdtempSync(join(tmpdir(), 'procdeck-read-'));
const at = (name: string) => join(dir, name);
writeFileSync(at('regular'), 'web: x\n');
writeFileSync(at('empty'), '');
writeFileSync(at('at-cap'), 'a'.repeat(64));
writeFileSync(at('over-cap'), 'a'.repeat(65));
execFileSync('mkfifo', [at('fifo')]);
symlinkSync('/dev/zero', at('zero'));
symlinkSync(at('regular'), at('link-to-regular'));
writeFileSync(at('sparse'), '');
truncateSync(at('sparse'), 8 * 1024 ** 3);
mkdirSync(at('folder'));

describe('readProjectFile', () => {
  it.each([
    ['regular', { ok: true, text: 'web: x\n' }],
    ['empty', { ok: true, text: '' }],
    ['at-cap', { ok: true, text: 'a'.repeat(64) }],
    ['link-to-regular', { ok: true, text: 'web: x\n' }],
    ['over-cap', { ok: false, message: 'Procfile is 65 bytes; larger than 64 is refused' }],
    ['fifo', { ok: false, message: 'Procfile is a named pipe (FIFO), not a regular file; refused' }],
    ['zero', { ok: false, message: 'Procfile is a character device, not a regular file; refused' }],
    ['sparse', { ok: false, message: `Procfile is ${8 * 1024 ** 3} bytes; larger than 64 is refused` }],
    ['folder', { ok: false, message: 'Procfile is a directory, not a file' }],
    ['missing', { ok: false, message: 'Procfile not found' }],
  ] as const)('%s', async (name, expected) => {
    const read = await readProjectFile(at(name), 'Procfile', 64);
    if (read.ok) expect({ ok: true, text: read.bytes.toString() }).toEqual(expected);
    else expect({ ok: false, message: read.message }).toEqual(expected);
  });

  it('a missing file keeps its errno, so an optional .env may be absent', async () => {
    expect(await readProjectFile(at('missing'), 'env file', 64)).toMatchObject({ ok: false, errno: 'ENOENT' });
  });

  it('a socket is refused', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(at('socket'), resolve));
    try {
      expect(await readProjectFile(at('socket'), 'env file', 64)).toMatchObject({
        ok: false,
        message: 'env file is a socket, not a regular file; refused',
      });
    } finally {
      server.close();
    }
  });

  it('eight FIFOs at once neither block nor starve the thread pool', async () => {
    const fifos = Array.from({ length: 8 }, (_, i) => at(`fifo-${i}`));
    for (const f of fifos) execFileSync('mkfifo', [f]);
    const started = performance.now();
    const reads = await Promise.all(fifos.map((f) => readProjectFile(f, 'env file', 64)));
    expect(reads.every((r) => !r.ok)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
