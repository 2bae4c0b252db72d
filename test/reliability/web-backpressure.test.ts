/**
 * #45–#46: what a client does with the host's replies cannot hurt it (issue 9, item 9):
 * #45 malformed log paths answer 400, and a download the client abandons closes its file;
 * #46 a client that never reads cannot grow serve's memory: not with replies it asked
 *     for, not with output it claims to have seen while an instance floods.
 * Measured on the real serve process: /proc/PID/fd and VmRSS.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  deafWebSocket,
  openDescriptors,
  rawExchange,
  removeTempDirs,
  residentBytes,
  type Serve,
  startServe,
  statusOf,
  tempDir,
} from './web-support';
import { eventually } from '../support/wait';

/** Starts serve (pipes, logs in a fresh state folder) on a one-type Procfile; resolves once the log holds `bytes`. */
async function serveWithLog(command: string, bytes: number): Promise<{ serve: Serve; log: string }> {
  const dir = tempDir('project');
  const state = tempDir('state');
  writeFileSync(join(dir, 'Procfile'), `big: ${command}\n`);
  const serve = await startServe([dir, '--pipes'], { env: { XDG_STATE_HOME: state } });
  const logs = join(state, 'procdeck', 'logs');
  const log = await eventually(
    () => {
      const folder = existsSync(logs) ? readdirSync(logs)[0] : undefined;
      const file = folder ? join(logs, folder, 'big.1.stdout.log') : '';
      return file && existsSync(file) && statSync(file).size >= bytes ? file : undefined;
    },
    `${bytes} bytes in the log`,
    20_000,
  );
  return { serve, log };
}

afterAll(() => removeTempDirs());

describe('#45 malformed log paths answer 400; an abandoned download does not leak its descriptor', () => {
  it('#45 abandoned downloads of a 64 MB log leave serve with the descriptors it had', async () => {
    const size = 64 * 1024 * 1024;
    const { serve } = await serveWithLog(`head -c ${size} /dev/zero | tr '\\0' a; exec sleep 1000`, size);
    try {
      for (const path of [
        '/api/log/%',
        '/api/log/%E0%A4%A',
        `/api/log/big.1?token=${serve.token}&stream=%`,
        `/api/log/big.1?token=${serve.token}&stream=pty`,
        `/api/log/%2e%2e?token=${serve.token}`,
      ]) {
        expect(
          statusOf(await rawExchange(serve.port, `GET ${path} HTTP/1.1\r\nHost: ${serve.host}\r\n\r\n`)),
          path,
        ).toBe(400);
      }
      const before = openDescriptors(serve.pid);
      // 40 clients start the download, take the first bytes, and vanish.
      await Promise.all(
        Array.from(
          { length: 40 },
          () =>
            new Promise<void>((done) => {
              const socket = netConnect({ host: '127.0.0.1', port: serve.port }, () =>
                socket.write(`GET /api/log/big.1?token=${serve.token} HTTP/1.1\r\nHost: ${serve.host}\r\n\r\n`),
              );
              socket.once('data', () => {
                socket.destroy();
                done();
              });
              socket.on('error', () => done());
            }),
        ),
      );
      // Each abandoned download must give its file back (the kernel tells serve of each reset).
      await eventually(
        () => openDescriptors(serve.pid) <= before + 2,
        `serve's descriptors back to ${before} (now ${openDescriptors(serve.pid)})`,
        10_000,
      );
      // And a complete download still works, byte for byte in size.
      const length = await new Promise<number>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: serve.port,
            path: `/api/log/big.1?token=${serve.token}`,
            headers: { host: serve.host },
          },
          (res) => {
            let n = 0;
            res.on('data', (d: Buffer) => (n += d.length));
            res.on('end', () => resolve(n));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(length).toBe(size);
    } finally {
      await serve.stop();
    }
  });
});

/** Samples serve's RSS until `until` resolves; returns the peak. */
async function peakRss(pid: number, until: Promise<unknown>): Promise<number> {
  let peak = residentBytes(pid);
  let done = false;
  void until.finally(() => (done = true));
  while (!done) {
    peak = Math.max(peak, residentBytes(pid));
    await new Promise((r) => setTimeout(r, 20));
  }
  return Math.max(peak, residentBytes(pid));
}

const MiB = 1024 * 1024;

describe("#46 a client that never reads cannot grow serve's memory", () => {
  it('#46 500 calls for 1 MiB of output each, never read: the connection is cut, memory stays bounded', async () => {
    const { serve } = await serveWithLog(`head -c ${2 * MiB} /dev/zero | tr '\\0' a; exec sleep 1000`, 2 * MiB);
    try {
      const baseline = residentBytes(serve.pid);
      const deaf = await deafWebSocket(serve);
      const frames = Array.from({ length: 500 }, (_, i) =>
        JSON.stringify({ id: i + 1, call: 'output.read', params: { instance: 'big.1' } }),
      );
      for (const frame of frames) deaf.sendText(frame);
      const cut = Promise.race([deaf.closed, new Promise((r) => setTimeout(r, 20_000))]);
      const peak = await peakRss(serve.pid, cut);
      await cut;
      // Without a bound serve would hold all 500 replies (well over 500 MiB).
      expect(peak - baseline).toBeLessThan(120 * MiB);
      expect(await deaf.closed.then(() => true)).toBe(true);
      expect(statusOf(await rawExchange(serve.port, `GET / HTTP/1.1\r\nHost: ${serve.host}\r\n\r\n`))).toBe(200);
    } finally {
      await serve.stop();
    }
  });

  // How much output reaches the deaf view depends on how fast the pump runs on a loaded machine,
  // so this one asserts the bound, not the moment of the cut (the test above proves the cut).
  it(
    '#46 a view that acks output it never reads while four instances flood 150 MB each: memory bounded, nothing lost on disk',
    { timeout: 90_000 },
    async () => {
      const size = 150 * MiB;
      const dir = tempDir('project');
      const state = tempDir('state');
      // About 10 MB/s each for 15 s: slower than the pump can send, so all of it (600 MB) would reach the deaf view.
      writeFileSync(
        join(dir, 'flood.cjs'),
        `const chunk = Buffer.alloc(64 * 1024, 97); let left = ${size / (64 * 1024)};\nconst timer = setInterval(() => { process.stdout.write(chunk); if (--left === 0) clearInterval(timer); }, 6);\n`,
      );
      writeFileSync(join(dir, 'Procfile'), `big: sleep 1; node flood.cjs; exec sleep 1000\n`);
      const serve = await startServe([dir, '--pipes', '-m', 'big=4'], { env: { XDG_STATE_HOME: state } });
      const ids = ['big.1', 'big.2', 'big.3', 'big.4'];
      try {
        const baseline = residentBytes(serve.pid);
        const deaf = await deafWebSocket(serve);
        deaf.sendText(JSON.stringify({ id: 1, call: 'output.subscribe', params: { instances: ids } }));
        // Claim to have written everything, over and over: the pump's credit alone does not bound this.
        const acking = setInterval(() => {
          for (const instance of ids)
            deaf.sendText(JSON.stringify({ notify: 'output.ack', params: { instance, bytes: 1 << 30 } }));
        }, 10);
        const logs = join(state, 'procdeck', 'logs');
        const logOf = (instance: string) => {
          const folder = existsSync(logs) ? readdirSync(logs)[0] : undefined;
          return folder ? join(logs, folder, `${instance}.stdout.log`) : '';
        };
        const flooded = eventually(
          () => ids.every((i) => existsSync(logOf(i)) && statSync(logOf(i)).size >= size),
          'the whole flood in the logs',
          60_000,
        );
        const peak = await peakRss(serve.pid, flooded);
        clearInterval(acking);
        await flooded;
        for (const instance of ids) expect(statSync(logOf(instance)).size).toBe(size);
        // Without a bound the unread output (up to 600 MB) would sit in serve's memory.
        expect(peak - baseline).toBeLessThan(120 * MiB);
        deaf.destroy();
        expect(statusOf(await rawExchange(serve.port, `GET / HTTP/1.1\r\nHost: ${serve.host}\r\n\r\n`))).toBe(200);
      } finally {
        await serve.stop();
      }
    },
  );
});
