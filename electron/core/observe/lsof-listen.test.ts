import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { toolEnvironment } from './darwin-source';
import { lsofArgs, parseLsofListen, readLsofListen } from './lsof-listen';

/**
 * lsof's -F output as macOS prints it (with `f` lines, which some builds add): written from lsof's
 * documented format, not captured on a Mac (none here); the real lsof of this machine is run below.
 */
const CAPTURED = [
  'p412',
  'f7',
  'n*:49152',
  'f8',
  'n*:49152',
  'p1803',
  'f12',
  'n127.0.0.1:5000',
  'f13',
  'n[::1]:5000',
  'p2210',
  'f6',
  'n*:5432',
  'f7',
  'n[::]:5433',
  'f9',
  'n[fe80::1%lo0]:5434',
  '',
].join('\n');

describe('parseLsofListen', () => {
  it('reads every (pid, address, port) of captured output, once each', () => {
    expect(parseLsofListen(CAPTURED)).toEqual([
      { pid: 412, address: '0.0.0.0', port: 49152 },
      { pid: 1803, address: '127.0.0.1', port: 5000 },
      { pid: 1803, address: '::1', port: 5000 },
      { pid: 2210, address: '0.0.0.0', port: 5432 },
      { pid: 2210, address: '::', port: 5433 },
      { pid: 2210, address: 'fe80::1%lo0', port: 5434 },
    ]);
  });

  it.each([
    ['nothing', ''],
    ['a name before any process', 'n*:5000\n'],
    ['a process id that is not a number', 'pabc\nn*:5000\n'],
    ['a connection, not a listener', 'p1\nn127.0.0.1:5000->127.0.0.1:6000\n'],
    ['a port out of range', 'p1\nn*:70000\nn*:0\n'],
    ['no port', 'p1\nn*\nnlocalhost:http\n'],
    ['an unbracketed IPv6 address', 'p1\nn::1:5000\n'],
    ['other fields only', 'p1\nf3\ntIPv4\n'],
  ])('skips %s', (_name, text) => expect(parseLsofListen(text)).toEqual([]));

  it('takes CRLF line ends and a later process as a new owner', () => {
    expect(parseLsofListen('p1\r\nn*:5000\r\np2\r\nn*:5001\r\n')).toEqual([
      { pid: 1, address: '0.0.0.0', port: 5000 },
      { pid: 2, address: '0.0.0.0', port: 5001 },
    ]);
  });
});

describe('lsofArgs', () => {
  it('asks only about the given pids (and, not or), or about everyone when there are none or too many', () => {
    expect(lsofArgs([12, 34])).toEqual(['-a', '-p', '12,34', '-nP', '-iTCP', '-sTCP:LISTEN', '-Fpn']);
    expect(lsofArgs([])).toEqual(['-nP', '-iTCP', '-sTCP:LISTEN', '-Fpn']);
    expect(lsofArgs(Array.from({ length: 1001 }, (_, i) => i + 1))).not.toContain('-p');
  });
});

const hasLsof = (() => {
  try {
    execFileSync('lsof', ['-v'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT'; // `lsof -v` exits non-zero on some builds
  }
})();

describe.skipIf(!hasLsof)('readLsofListen with the real lsof (Linux here: the same -F format)', () => {
  it('finds a real server on 127.0.0.1 with its pid', async () => {
    const child = spawn(
      process.execPath,
      ['-e', "const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port))"],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      const [chunk] = (await once(child.stdout, 'data')) as [Buffer];
      const port = Number(chunk.toString().trim());
      const limits = { timeoutMs: 10_000, maxOutputBytes: 1 << 20, env: toolEnvironment(process.env) };
      // Asked about this pid and one that is gone: lsof exits 1 and still names the one it found.
      const found = await readLsofListen([child.pid as number, 2 ** 22 + 1], limits);
      expect(found).toEqual({ ok: true, listens: [{ pid: child.pid, address: '127.0.0.1', port }] });
      const everyone = await readLsofListen([], limits);
      expect(everyone.ok && everyone.listens).toContainEqual({ pid: child.pid, address: '127.0.0.1', port });
    } finally {
      child.kill('SIGKILL');
    }
  });
});
