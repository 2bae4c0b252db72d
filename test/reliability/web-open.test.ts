/**
 * #38–#41: opening a project is a capability, not a string (issue 9, item 2), through a
 * real `procdeck serve` and its contract over a real WebSocket:
 * #38 only DIR and --allow-open roots (symlinks resolved) may be opened, and a refused or
 *     broken open leaves the running formation untouched;
 * #39 the log-as-Procfile attack: text typed into a PTY lands in its log; opened as a
 *     Procfile it would run. It is refused, and nothing runs;
 * #40 the Procfile must be named like one, be a regular file, and stay inside the folder;
 * #41 no log or state path crosses the contract; "Full log" is a single-use handle.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectSnapshot } from '../../shared/model';
import {
  contractClient,
  instancePids,
  removeTempDirs,
  spawnedPids,
  startServe,
  tempDir,
  type ContractClient,
  type Serve,
} from './web-support';
import { eventually } from '../support/wait';

let base: string;
let project: string;
let other: string;
let outside: string;
let state: string;
let serve: Serve;
let client: ContractClient;
/** A view that only listens: every event serve pushed during these tests. */
let observer: ContractClient;
let pidsBefore: Record<string, number | null>;
const seen: string[] = [];

beforeAll(async () => {
  base = tempDir('base');
  project = join(base, 'project');
  other = tempDir('other');
  outside = tempDir('outside');
  state = tempDir('state');
  mkdirSync(join(project, 'sub'), { recursive: true });
  writeFileSync(join(project, 'Procfile'), 'web: exec sleep 1000\nworker: exec sleep 1000\n');
  writeFileSync(join(project, 'Procfile.dev'), 'web: exec sleep 1000\n');
  writeFileSync(join(project, 'sub', 'Procfile'), 'sub: echo started; exec sleep 1000\n');
  writeFileSync(join(project, 'broken'), '');
  mkdirSync(join(project, 'broken-project'));
  writeFileSync(join(project, 'broken-project', 'Procfile'), 'web: a\nweb: b\n');
  writeFileSync(join(other, 'Procfile'), 'other: exec sleep 1000\n');
  writeFileSync(join(outside, 'Procfile'), `evil: touch ${join(outside, 'ran')}; exec sleep 1000\n`);
  writeFileSync(join(outside, 'passwd'), `root: touch ${join(outside, 'ran')}\n`);
  // A folder inside the project that leads outside it, and Procfiles that lead outside.
  symlinkSync(outside, join(project, 'escape'));
  symlinkSync(join(outside, 'Procfile'), join(project, 'Procfile.link'));
  serve = await startServe([project, '--allow-open', other], { env: { XDG_STATE_HOME: state } });
  await serve.run.waitForStdout('procdeck serve: running');
  client = await contractClient(serve);
  observer = await contractClient(serve);
  observer.socket.on('message', (data, binary) => {
    if (!binary) seen.push(data.toString());
  });
  pidsBefore = await spawnedPids(serve);
});

afterAll(async () => {
  removeTempDirs();
  client?.close();
  observer?.close();
  await serve?.stop();
});

async function open(dir: string, procfile?: string) {
  return client.call<ProjectSnapshot>('project.open', procfile === undefined ? { dir } : { dir, procfile });
}

async function expectRefused(
  dir: string,
  procfile: string | undefined,
  pattern: RegExp,
  code = 'refused',
): Promise<void> {
  const result = await open(dir, procfile);
  expect(result.ok, `${dir} ${procfile ?? ''} was opened`).toBe(false);
  if (!result.ok) {
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(pattern);
  }
  // The running formation is untouched: same instances, same pids.
  expect(await instancePids(serve)).toEqual(pidsBefore);
}

describe('#38 serve opens DIR, folders below it and --allow-open roots only', () => {
  it.each([
    ['/etc', undefined, /outside the folders this server may open/],
    ['/', undefined, /outside the folders/],
    ['outside, a sibling temporary folder', 'outside', /outside the folders/],
    ['the parent of DIR', 'parent', /outside the folders/],
    ['a folder below DIR that is a symlink to outside', 'escape', /outside the folders/],
  ])('#38 %s is refused with a clear message, and the formation keeps running', async (what, key, pattern) => {
    const dir =
      key === 'outside' ? outside : key === 'parent' ? base : key === 'escape' ? join(project, 'escape') : what;
    await expectRefused(dir, undefined, pattern);
    expect(existsSync(join(outside, 'ran'))).toBe(false);
  });

  it('#38 a broken Procfile in an allowed folder leaves the running formation as it was', async () => {
    const result = await open(join(project, 'broken-project'));
    expect(result.ok).toBe(false);
    expect(await instancePids(serve)).toEqual(pidsBefore);
  });

  it('#38 a folder below DIR and an --allow-open root open; DIR opens again', async () => {
    const sub = await open(join(project, 'sub'));
    expect(sub.ok && sub.value.types.map((t) => t.name)).toEqual(['sub']);
    const second = await open(other);
    expect(second.ok && second.value.types.map((t) => t.name)).toEqual(['other']);
    const back = await open(project);
    expect(back.ok && back.value.types.map((t) => t.name)).toEqual(['web', 'worker']);
    pidsBefore = await spawnedPids(serve);
  });
});

describe('#39 the log-as-Procfile attack is refused and nothing runs', () => {
  it('#39 text typed into a PTY reaches its log; that log cannot be opened as a Procfile', async () => {
    const marker = join(outside, 'pwned');
    client.notify('instance.input', { instance: 'web.1', data: `x: touch ${marker}\r` });
    // The tty echoes the line into the output, so into web.1's log.
    let text = '';
    for (let i = 0; i < 200 && !text.includes('touch'); i++) {
      const read = await client.call<{ text: string }>('output.read', { instance: 'web.1' });
      text = read.ok ? read.value.text : '';
      if (!text.includes('touch')) await new Promise((r) => setTimeout(r, 25));
    }
    expect(text).toContain(`x: touch ${marker}`);
    // Where an attacker finds the log: once in output.read, now only by knowing serve's state folder.
    const read = await client.call<{ logFiles?: string[] }>('output.read', { instance: 'web.1' });
    const logs = join(state, 'procdeck', 'logs');
    const folder =
      read.ok && read.value.logFiles?.[0]
        ? join(read.value.logFiles[0], '..')
        : join(logs, readdirSync(logs)[0] as string);
    expect(readdirSync(folder)).toContain('web.1.log');
    await expectRefused(folder, 'web.1.log', /not a Procfile name|log/, 'invalid-request');
    await expectRefused(folder, undefined, /own log or state folders|outside the folders/);
    await expectRefused(folder, 'Procfile', /own log or state folders|outside the folders/);
    await expectRefused('/etc', 'passwd', /not a Procfile name/, 'invalid-request');
    await expectRefused(outside, 'passwd', /not a Procfile name/, 'invalid-request');
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(outside, 'ran'))).toBe(false);
  });

  it('#39 even with the state folder inside an allowed root, its logs are refused', async () => {
    const inside = join(project, 'sub');
    const nested = await startServe([inside], { env: { XDG_STATE_HOME: join(inside, '.state') } });
    try {
      const c = await contractClient(nested);
      const logs = join(inside, '.state', 'procdeck', 'logs');
      // The log folder appears with the first output ('started').
      const folder = join(logs, await eventually(() => readdirSync(logs)[0], 'the log folder'));
      const result = await c.call('project.open', { dir: folder, procfile: 'Procfile' });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/own log or state folders/);
      c.close();
    } finally {
      await nested.stop();
    }
  });
});

describe('#40 the Procfile is named like one, a regular file, inside the project folder', () => {
  it.each([
    ['.env', /dotfile/],
    ['.Procfile', /dotfile/],
    ['web.1.log', /not a Procfile name/],
    ['Procfile.log', /log file/],
    ['Procfile-web.1.log', /log file/],
    ['package.json', /not a Procfile name/],
    ['../Procfile', /a path/],
    ['sub/Procfile', /a path/],
    ['Procfile.', /not a Procfile name/],
  ])('#40 %s is refused', async (name, pattern) => {
    await expectRefused(project, name, pattern, 'invalid-request');
  });

  it('#40 a Procfile that is a symlink out of the folder is refused', async () => {
    await expectRefused(project, 'Procfile.link', /leads outside the project folder/);
    expect(existsSync(join(outside, 'ran'))).toBe(false);
  });

  it('#40 Procfile.dev, Procfile-worker and Procfile_x are Procfile names', async () => {
    writeFileSync(join(project, 'Procfile-worker'), 'web: exec sleep 1000\nworker: exec sleep 1000\n');
    const dev = await open(project, 'Procfile.dev');
    expect(dev.ok).toBe(true);
    const worker = await open(project, 'Procfile-worker');
    expect(worker.ok).toBe(true);
    pidsBefore = await spawnedPids(serve);
  });
});

function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: serve.port, path, headers: { host: serve.host } }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('#41 no log or state path crosses the contract; Full log is a single-use handle', () => {
  it('#41 output.read carries no file paths, and no event ever named the state folder or a log', async () => {
    const read = await client.call<Record<string, unknown>>('output.read', { instance: 'web.1' });
    expect(read.ok && Object.keys(read.value).sort()).toEqual(['end', 'start', 'text']);
    const all = seen.join('\n');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(state);
    expect(all).not.toContain('.log');
  });

  it('#41 a handle downloads the full log once; used, forged or of an old project it is refused', async () => {
    client.notify('instance.input', { instance: 'web.1', data: 'hello log\r' });
    let body = '';
    for (let i = 0; i < 100 && !body.includes('hello log'); i++) {
      const handle = await client.call<{ handle: string }>('output.logHandle', { instance: 'web.1' });
      if (!handle.ok) throw new Error(handle.error.message);
      expect(handle.value.handle).toMatch(/^[A-Za-z0-9_-]{20,64}$/);
      const first = await get(`/log/${handle.value.handle}`);
      expect(first.status).toBe(200);
      body = first.body;
      expect((await get(`/log/${handle.value.handle}`)).status).toBe(404);
      if (!body.includes('hello log')) await new Promise((r) => setTimeout(r, 25));
    }
    expect(body).toContain('hello log');
    expect((await get(`/log/${'A'.repeat(32)}`)).status).toBe(404);
    expect((await get('/log/%2e%2e')).status).toBe(400);
    const stale = await client.call<{ handle: string }>('output.logHandle', { instance: 'web.1' });
    const reopened = await open(project, 'Procfile');
    expect(reopened.ok).toBe(true);
    expect(stale.ok && (await get(`/log/${stale.value.handle}`)).status).toBe(404);
    const ghost = await client.call('output.logHandle', { instance: 'ghost.1' });
    expect(ghost.ok).toBe(false);
  });
});
