/**
 * #35–#37: no request target, header, method, upgrade or frame can crash or wedge
 * `procdeck serve`, with or without the token. Each test sends its hostile bytes over a
 * raw socket to a real serve process running a real formation, then proves serve still
 * answers and every instance kept its pid (before the fix, `GET //x:99999` made
 * `new URL()` throw, serve exited, and its lifeline stopped every process).
 */
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect as netConnect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  instancePids,
  rawConversation,
  rawExchange,
  removeTempDirs,
  spawnedPids,
  startServe,
  statusOf,
  tempDir,
  type Serve,
} from './web-support';

let serve: Serve;
let pidsBefore: Record<string, number | null>;

beforeAll(async () => {
  const project = tempDir('requests');
  writeFileSync(join(project, 'Procfile'), 'web: exec sleep 1000\nworker: exec sleep 1000\n');
  serve = await startServe([project]);
  await serve.run.waitForStdout('procdeck serve: running');
  pidsBefore = await spawnedPids(serve);
});

afterAll(async () => {
  await serve?.stop();
  removeTempDirs();
});

/** serve is alive, answers a normal request, and every instance has the pid it had. */
async function stillServing(): Promise<void> {
  expect(serve.run.child.exitCode).toBeNull();
  const status = await new Promise<number>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: serve.port, path: '/', headers: { host: serve.host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  expect(status).toBe(200);
  expect(await instancePids(serve)).toEqual(pidsBefore);
}

const get =
  (target: string, host = () => serve.host) =>
  () =>
    `GET ${target} HTTP/1.1\r\nHost: ${host()}\r\nConnection: close\r\n\r\n`;

describe('#35 malformed request targets answer 400/404 and serve goes on', () => {
  const token = () => serve.token;
  it.each([
    ['//x:99999', get('//x:99999'), 400],
    ['//[', get('//['), 400],
    ['//[::1', get('//[::1'), 400],
    ['/%', get('/%'), 400],
    ['/%zz', get('/%zz'), 400],
    ['/%c0%af (not UTF-8)', get('/%c0%af'), 400],
    ['/../../etc/passwd', get('/../../etc/passwd'), 400],
    ['/assets/%2e%2e/%2e%2e/package.json', get('/assets/%2e%2e/%2e%2e/package.json'), 400],
    ['/api/log/% without a token', get('/api/log/%'), 400],
    [
      '/api/log/% with the token',
      () => `GET /api/log/%?token=${token()} HTTP/1.1\r\nHost: ${serve.host}\r\nConnection: close\r\n\r\n`,
      400,
    ],
    [
      '/api/log/..%2f..%2fetc%2fpasswd with the token',
      () => `GET /api/log/..%2f..%2fetc%2fpasswd?token=${token()} HTTP/1.1\r\nHost: ${serve.host}\r\n\r\n`,
      400,
    ],
    [
      '/api/log/web.1?stream=%',
      () => `GET /api/log/web.1?token=${token()}&stream=% HTTP/1.1\r\nHost: ${serve.host}\r\n\r\n`,
      400,
    ],
    [
      '/api/log/rm -rf (a bad instance name)',
      () => `GET /api/log/rm%20-rf?token=${token()} HTTP/1.1\r\nHost: ${serve.host}\r\n\r\n`,
      400,
    ],
    ['an absolute-form target', get('http://127.0.0.1/'), 400],
    ['an asterisk target', get('*'), 400],
    ['a query with a broken escape', get('/?a=%'), 400],
    ['a fragment in the target', get('/#//x:99999'), 200],
    ['an unknown path', get('/nowhere'), 404],
    ['an overlong target (9 KB)', get(`/${'a'.repeat(9 * 1024)}`), 414],
  ])('#35 %s', async (_what, bytes, status) => {
    expect(statusOf(await rawExchange(serve.port, bytes()))).toBe(status);
    await stillServing();
  });
});

describe('#36 hostile request lines, headers and bytes are answered or closed; serve goes on', () => {
  const tlsHello = Buffer.from(
    '16030100a5010000a10303' +
      '00'.repeat(32) +
      '00' +
      '0020' +
      'c02bc02fc02cc030cca9cca8c013c014009c009d002f0035000a0100' +
      '0058' +
      '00'.repeat(88),
    'hex',
  );
  it.each([
    [
      'a request line of 64 KB',
      () => `GET /${'a'.repeat(64 * 1024)} HTTP/1.1\r\nHost: ${serve.host}\r\n\r\n`,
      [400, 414, 431],
    ],
    [
      'a header of 64 KB',
      () => `GET / HTTP/1.1\r\nHost: ${serve.host}\r\nX-Big: ${'b'.repeat(64 * 1024)}\r\n\r\n`,
      [431],
    ],
    ['10,000 headers', () => `GET / HTTP/1.1\r\nHost: ${serve.host}\r\n${'X-A: b\r\n'.repeat(10_000)}\r\n`, [431]],
    ['no Host', () => 'GET / HTTP/1.1\r\n\r\n', [400, 421]],
    ['a foreign Host', () => 'GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n', [421]],
    ['a Host with a bad port', () => 'GET / HTTP/1.1\r\nHost: 127.0.0.1:99999\r\n\r\n', [421]],
    ['a Host of brackets', () => 'GET / HTTP/1.1\r\nHost: [\r\n\r\n', [421]],
    ['two Hosts', () => `GET / HTTP/1.1\r\nHost: evil.example\r\nHost: ${serve.host}\r\n\r\n`, [400, 421]],
    ['a NUL in a header', () => `GET / HTTP/1.1\r\nHost: ${serve.host}\r\nX-A: a\0b\r\n\r\n`, [400]],
    ['an unknown method', () => `BREW / HTTP/1.1\r\nHost: ${serve.host}\r\n\r\n`, [400, 405]],
    ['POST', () => `POST /api/log/web.1 HTTP/1.1\r\nHost: ${serve.host}\r\nContent-Length: 3\r\n\r\nabc`, [405]],
    ['CONNECT', () => `CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n`, [null, 400]],
    ['HTTP/0.9', () => 'GET /\r\n\r\n', [null, 400, 421]],
    ['HTTP/9.9', () => `GET / HTTP/9.9\r\nHost: ${serve.host}\r\n\r\n`, [null, 400, 505]],
    [
      'a bad chunked body',
      () => `GET / HTTP/1.1\r\nHost: ${serve.host}\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n`,
      [null, 200, 400],
    ],
    ['garbage bytes', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), [null, 400]],
    ['a TLS ClientHello', () => tlsHello, [null, 400]],
  ])('#36 %s', async (_what, bytes, statuses) => {
    expect(statuses).toContain(statusOf(await rawExchange(serve.port, bytes())));
    await stillServing();
  });

  it('#36 200 connections that dribble half a request do not stop serve from answering', async () => {
    const sockets = Array.from({ length: 200 }, () => netConnect({ host: '127.0.0.1', port: serve.port }));
    await Promise.all(sockets.map((s) => new Promise<void>((r) => s.once('connect', () => r()))));
    for (const s of sockets) {
      s.on('error', () => undefined);
      s.write(`GET / HTTP/1.1\r\nHost: ${serve.host}\r\nX-Slow: `);
    }
    await stillServing();
    for (const s of sockets) s.destroy();
  });
});

/** A WebSocket handshake by hand, so frames can be as broken as we like. */
function handshake(target: string, extra = ''): string {
  return (
    `GET ${target} HTTP/1.1\r\nHost: ${serve.host}\r\nOrigin: ${serve.origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`
  );
}

describe('#37 upgrades to odd paths and broken WebSocket frames close that connection only', () => {
  it.each([
    ['//x:99999', () => handshake('//x:99999'), 400],
    ['//[', () => handshake('//['), 400],
    ['/ws/%', () => handshake('/ws/%'), 400],
    ['/ws?token=%', () => handshake('/ws?token=%'), 400],
    ['/ws/../ws', () => handshake('/ws/../ws'), 400],
    ['/other', () => handshake('/other'), 404],
    ['/ws without a token', () => handshake('/ws'), 401],
    ['an overlong target', () => handshake(`/ws?token=${'t'.repeat(9000)}`), 414],
    ['a POST upgrade', () => handshake('/ws').replace(/^GET/, 'POST'), 405],
    [
      'an upgrade to h2c',
      () => `GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n`,
      421,
    ],
  ])('#37 an upgrade to %s is refused', async (_what, bytes, status) => {
    expect(statusOf(await rawExchange(serve.port, bytes()))).toBe(status);
    await stillServing();
  });

  const mask = Buffer.from([1, 2, 3, 4]);
  it.each([
    ['reserved bits set', Buffer.concat([Buffer.from([0xf1, 0x84]), mask, Buffer.from('abcd')])],
    ['a reserved opcode', Buffer.concat([Buffer.from([0x83, 0x84]), mask, Buffer.from('abcd')])],
    ['an unmasked frame', Buffer.from([0x81, 0x04, 0x61, 0x62, 0x63, 0x64])],
    ['a ping of 200 bytes', Buffer.concat([Buffer.from([0x89, 0xfe, 0x00, 0xc8]), mask, Buffer.alloc(200)])],
    ['a fragmented control frame', Buffer.concat([Buffer.from([0x09, 0x80]), mask])],
    [
      'a length of 2^63',
      Buffer.concat([Buffer.from([0x82, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), mask]),
    ],
    ['text that is not UTF-8', Buffer.concat([Buffer.from([0x81, 0x82]), mask, Buffer.from([0xff ^ 1, 0xfe ^ 2])])],
    [
      'a continuation with nothing to continue',
      Buffer.concat([Buffer.from([0x80, 0x81]), mask, Buffer.from([0x61 ^ 1])]),
    ],
  ])('#37 a frame with %s closes the socket', async (_what, frame) => {
    const { text, closed } = await rawConversation(
      serve.port,
      Buffer.concat([Buffer.from(handshake(`/ws?token=${serve.token}`)), frame]),
      { ms: 10_000 },
    );
    expect(statusOf(text)).toBe(101);
    expect(closed).toBe(true);
    await stillServing();
  });
});
