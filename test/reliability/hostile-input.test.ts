/**
 * Hostile input: Procfile fuzzing, .env values that look like code, malformed transport
 * messages, and requests to the local web view from where they should not come.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CallResult, EventMessage } from '../../shared/contract';
import { loadEnvFiles } from '../../electron/core/env/load-env';
import type { HostClient, ProjectHost } from '../../electron/host/project-host';
import { parseProcfile } from '../../electron/core/procfile/parse-procfile';
import { readProcfile } from '../../electron/core/procfile/read-procfile';
import { BIN } from '../support/cli';
import { startFormation } from '../support/formation';
import { testHost } from '../support/host';
import { descendants, killAll } from '../support/processes';
import { eventually } from '../support/wait';

describe('#19 Procfile fuzzing', () => {
  const token = fc.constantFrom(
    'web',
    'Web',
    'worker',
    'wébsocket',
    'a.b',
    ':',
    ': ',
    ' ',
    '\t',
    '\r',
    '\n',
    '\r\n',
    '\ufeff',
    '\0',
    '#',
    'echo hi',
    '$(x)',
    '-',
    '_',
    '🚀',
  );
  const procfileText = fc.oneof(
    fc.array(token, { maxLength: 60 }).map((parts) => parts.join('')),
    fc.string({ unit: 'binary', maxLength: 300 }),
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('utf8')),
  );

  /** Every line is an entry, ignorable (blank or comment), or named by a diagnostic. */
  function accountsForEveryLine(text: string): void {
    const parsed = parseProcfile(text, 'Procfile');
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    body.split(/\r\n|\r|\n/).forEach((line, i) => {
      const n = i + 1;
      const ignorable = line.trim() === '' || line.trimStart().startsWith('#');
      const accounted =
        ignorable || parsed.types.some((t) => t.line === n) || parsed.diagnostics.some((d) => d.line === n);
      if (!accounted) throw new Error(`line ${n} ${JSON.stringify(line)} is neither an entry, ignorable, nor reported`);
    });
    for (const t of parsed.types) {
      expect(t.command).not.toMatch(/[\r\n\0]/);
      expect(t.name).toMatch(/^[A-Za-z0-9_-]+$/);
    }
  }

  it('#19 random Procfiles: the parser never throws and accounts for every line', () => {
    fc.assert(fc.property(procfileText, accountsForEveryLine), { numRuns: 2000 });
  });

  it('#19 a 1 MB line, an empty file, Web and web, a lone CR and NUL bytes', () => {
    const started = performance.now();
    accountsForEveryLine(`web: ${'x'.repeat(1_000_000)}\nworker: y\n`);
    accountsForEveryLine(`${'y'.repeat(1_000_000)}\n`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(parseProcfile('', 'P').diagnostics[0]?.message).toMatch(/no process types defined/);
    expect(parseProcfile('Web: a\nweb: b', 'P').types.map((t) => t.name)).toEqual(['Web', 'web']);
    accountsForEveryLine('web: a\rb: c\0d\n');
  });

  it('#19 a directory named Procfile and a symlink loop are clear errors', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-fuzz-'));
    mkdirSync(join(dir, 'Procfile'));
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    expect((await readProcfile(join(dir, 'Procfile'))).diagnostics[0]?.message).toBe(
      'Procfile is a directory, not a file',
    );
    expect((await readProcfile(join(dir, 'loop-a'))).diagnostics[0]?.message).toBe('Procfile is a symbolic link loop');
  });
});

describe('#20 .env values that look like code', () => {
  it('#20 command substitution, backticks and huge values stay literal; nothing runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-evil-'));
    const marker = join(dir, 'pwned');
    const huge = 'z'.repeat(5_000_000);
    writeFileSync(
      join(dir, '.env'),
      `EVIL=$(touch ${marker})\nTICKS=\`touch ${marker}\`\nBRACED=\${EVIL}\nQUOTED="$(touch ${marker})"\nHUGE=${huge}\n`,
    );
    const env = await loadEnvFiles([join(dir, '.env')], {}, { required: true });
    expect(env.values.EVIL).toBe(`$(touch ${marker})`);
    expect(env.values.TICKS).toBe(`touch ${marker}`);
    expect(env.values.BRACED).toBe(`$(touch ${marker})`);
    expect(env.values.QUOTED).toBe(`$(touch ${marker})`);
    expect(env.values.HUGE?.length).toBe(5_000_000);
    // The child receives the literal text as data; even its shell does not run it.
    const f = startFormation({
      adapter: 'pipe',
      types: { show: 'printf "%s|%s\\n" "$EVIL" "$BRACED"' },
      env: { EVIL: env.values.EVIL as string, BRACED: env.values.BRACED as string },
    });
    await f.waitFor('show.1', 'exited');
    expect(f.output('show.1')).toBe(`$(touch ${marker})|$(touch ${marker})\n`);
    expect(existsSync(marker)).toBe(false);
  });
});

describe('#21 malformed calls through the host', () => {
  let project: string;
  let host: ProjectHost;
  const sent: EventMessage[] = [];
  const client: HostClient = { send: (m) => sent.push(m) };

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'procdeck-calls-'));
    writeFileSync(join(project, 'Procfile'), 'web: exec sleep 1000\n');
    host = testHost();
    host.attach(client);
    await host.openProject(project);
  });
  afterAll(async () => {
    await host.close();
  });

  const proto = JSON.parse('{"target":{"scope":"all"},"__proto__":{"polluted":true}}');
  it.each([
    ['an unknown call', 'process.spawn', { command: 'rm -rf ~' }, 'unknown-call'],
    ['a call name that is not a string', 42, {}, 'unknown-call'],
    [
      'a command line where an id belongs',
      'process.start',
      { target: { scope: 'instance', instance: 'rm -rf ~' } },
      'invalid-request',
    ],
    ['an extra key', 'process.start', { target: { scope: 'all' }, command: 'sh' }, 'invalid-request'],
    ['a __proto__ key', 'process.stop', proto, 'invalid-request'],
    ['a wrong type', 'type.scale', { type: 'web', count: '3' }, 'invalid-request'],
    ['a count out of range', 'type.scale', { type: 'web', count: 1e9 }, 'invalid-request'],
    ['a 50 MB string', 'project.open', { dir: `/${'x'.repeat(50 * 1024 * 1024)}` }, 'invalid-request'],
    ['params that are not an object', 'process.start', 'all', 'invalid-request'],
    [
      'a process that does not exist',
      'process.restart',
      { target: { scope: 'instance', instance: 'ghost.1' } },
      'not-found',
    ],
    ['a type that does not exist', 'type.scale', { type: 'ghost', count: 2 }, 'not-found'],
    ['a folder that does not exist', 'project.open', { dir: '/nonexistent/procdeck' }, 'not-found'],
    ['a Procfile name with a path in it', 'project.selectProcfile', { procfile: '../../etc/passwd' }, 'not-found'],
    ['a file: link', 'link.open', { url: 'file:///etc/passwd' }, 'invalid-request'],
  ])('#21 %s is refused with a typed error, and nothing is spawned', async (_what, name, params, code) => {
    const before = descendants(process.pid).length;
    const result = (await host.dispatch(client, name, params)) as CallResult<unknown>;
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(descendants(process.pid).length).toBeLessThanOrEqual(before);
    // The host keeps answering.
    expect(await host.dispatch(client, 'project.snapshot', {})).toMatchObject({ ok: true });
  });
});

describe('the local web view under attack', () => {
  let server: ChildProcess;
  let port = 0;
  const token = 'a'.repeat(43);
  let project: string;

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'procdeck-serve-attack-'));
    writeFileSync(join(project, 'Procfile'), 'web: exec sleep 1000\n');
    server = spawn(process.execPath, [BIN, 'serve', project, '--listen-port', '0'], {
      env: { ...process.env, PROCDECK_SERVE_TOKEN: token },
    });
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      server.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m) resolve(Number(m[1]));
      });
      server.on('exit', () => reject(new Error(`serve exited: ${out}`)));
    });
  });
  afterAll(async () => {
    const tree = descendants(server.pid as number).map((e) => e.pid);
    server.kill('SIGINT');
    await new Promise((r) => server.once('exit', r));
    killAll(tree);
  });

  function get(
    path: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
        (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  function connect(
    query: string,
    headers: Record<string, string> = {},
  ): Promise<{ opened: boolean; status?: number; socket?: WebSocket }> {
    return new Promise((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, {
        headers: { origin: `http://127.0.0.1:${port}`, ...headers },
      });
      socket.on('open', () => resolve({ opened: true, socket }));
      socket.on('unexpected-response', (_req, res) => resolve({ opened: false, status: res.statusCode ?? 0 }));
      socket.on('error', () => resolve({ opened: false }));
    });
  }

  it.each([
    ['no token', '', {}, 401],
    ['a wrong token', `?token=${'b'.repeat(43)}`, {}, 401],
    ['a foreign Origin', `?token=${token}`, { origin: 'http://evil.example' }, 403],
    ['an IP-address Origin that is not ours', `?token=${token}`, { origin: 'http://192.168.1.5' }, 403],
    ['a rebound Host name', `?token=${token}`, { host: `evil.example:${0}` }, 421],
  ])('#22 a WebSocket with %s is refused', async (_what, query, headers, status) => {
    const fixed = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(':0', `:${port}`)]));
    const result = await connect(query, fixed);
    expect(result.opened).toBe(false);
    expect(result.status).toBe(status);
  });

  it('#22 API requests need the token; a rebound Host gets nothing at all', async () => {
    expect((await get('/api/log/web.1')).status).toBe(401);
    expect((await get(`/api/log/web.1?token=${'c'.repeat(43)}`)).status).toBe(401);
    expect((await get('/api/log/web.1', { authorization: `Bearer ${'c'.repeat(43)}` })).status).toBe(401);
    // The right token, as a query or as a bearer header, gets the full log.
    expect((await get(`/api/log/web.1?token=${token}`)).status).toBe(200);
    expect((await get('/api/log/web.1', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await get(`/api/log/web.1?token=${token}`, { host: 'evil.example' })).status).toBe(421);
    expect((await get('/', { host: 'evil.example' })).status).toBe(421);
  });

  it('#22 it listens on 127.0.0.1 only', () => {
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    const listening = [
      readFileSync('/proc/net/tcp', 'utf8'),
      existsSync('/proc/net/tcp6') ? readFileSync('/proc/net/tcp6', 'utf8') : '',
    ]
      .join('\n')
      .split('\n')
      .filter((l) => l.includes(`:${hex} `) && / 0A /.test(l))
      .map((l) => l.trim().split(/\s+/)[1]);
    expect(listening).toEqual([`0100007F:${hex}`]);
  });

  it('#22 no data or secret in anything a foreign page could include', async () => {
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(String(index.headers['content-security-policy'])).toMatch(/script-src 'self'/);
    const scripts = [...index.body.matchAll(/src="\.?\/?([^"]+\.js)"/g)].map((m) => m[1] as string);
    const root = join(BIN, '..', '..', 'out', 'renderer');
    const assets = existsSync(join(root, 'assets')) ? readdirSync(join(root, 'assets')) : [];
    for (const file of [...scripts, ...assets.filter((a) => a.endsWith('.js')).map((a) => `assets/${a}`)]) {
      const script = await get(`/${file}`);
      expect(script.headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(script.body).not.toContain(token);
      expect(script.body).not.toContain(project);
    }
    expect(index.body).not.toContain(token);
    expect(index.body).not.toContain(project);
  });

  it('#21 malformed WebSocket frames: typed errors or a closed socket, the host keeps serving, nothing spawned', async () => {
    const before = descendants(server.pid as number).length;
    const { socket } = await connect(`?token=${token}`);
    if (!socket) throw new Error('no socket');
    const replies: unknown[] = [];
    socket.on('message', (data, binary) => {
      if (!binary) replies.push(JSON.parse(data.toString()));
    });
    socket.send('not json');
    socket.send(JSON.stringify([1, 2, 3]));
    socket.send(JSON.stringify({ id: 1, call: 'process.spawn', params: { command: 'touch /tmp/x' } }));
    socket.send(JSON.stringify({ id: 2, call: 'type.scale', params: { type: 'web', count: 'many' } }));
    socket.send('{"id":3,"call":"process.stop","params":{"target":{"scope":"all"},"__proto__":{"x":1}}}');
    socket.send(
      JSON.stringify({
        id: 4,
        call: 'process.restart',
        params: { target: { scope: 'instance', instance: 'ghost.9' } },
      }),
    );
    type Reply = { id: number; result: CallResult<unknown> };
    const answered = () =>
      replies.filter((r): r is Reply => typeof r === 'object' && r !== null && 'id' in r && 'result' in r);
    await eventually(() => answered().length >= 4, 'four replies');
    expect(answered().map((r) => [r.id, r.result.ok ? 'ok' : r.result.error.code])).toEqual([
      [1, 'unknown-call'],
      [2, 'invalid-request'],
      [3, 'invalid-request'],
      [4, 'not-found'],
    ]);
    // A 50 MB frame closes that socket (1009 "message too big"; 1006 when the server cut it
    // off before the client had finished sending), and only that one.
    const closed = new Promise<number>((r) => socket.once('close', (code) => r(code)));
    socket.send('x'.repeat(50 * 1024 * 1024));
    expect([1006, 1009]).toContain(await closed);
    const again = await connect(`?token=${token}`);
    expect(again.opened).toBe(true);
    again.socket?.close();
    expect(descendants(server.pid as number).length).toBeLessThanOrEqual(before);
  });
});
