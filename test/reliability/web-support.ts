/**
 * For the web view's scenarios (#35–#46): a real `procdeck serve` process, raw sockets,
 * and a contract client over a real WebSocket.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { CallResult, EventMessage } from '../../shared/contract';
import type { ProjectSnapshot } from '../../shared/model';
import { procdeck, type CliRun } from '../support/cli';
import { descendants, killAll } from '../support/processes';

export interface Serve {
  readonly run: CliRun;
  readonly port: number;
  readonly token: string;
  readonly pid: number;
  readonly host: string;
  readonly origin: string;
  /** SIGINT, wait for exit; whatever is left of its tree is killed. */
  stop(): Promise<void>;
}

export async function startServe(
  args: readonly string[],
  options: { token?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<Serve> {
  const token = options.token ?? `t-${Math.random().toString(36).slice(2)}-${'x'.repeat(20)}`;
  const run = procdeck(['serve', ...args, '--listen-port', '0'], {
    env: { ...options.env, PROCDECK_SERVE_TOKEN: token },
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  await run.waitForStdout(/procdeck serve: (open|opened) http:\/\/127\.0\.0\.1:\d+\//);
  const port = Number(/http:\/\/127\.0\.0\.1:(\d+)\//.exec(run.stdout())?.[1]);
  const pid = run.child.pid as number;
  return {
    run,
    port,
    token,
    pid,
    host: `127.0.0.1:${port}`,
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      const tree = descendants(pid).map((e) => e.pid);
      if (run.child.exitCode === null && run.child.signalCode === null) {
        run.child.kill('SIGINT');
        await run.exited;
      }
      killAll(tree);
    },
  };
}

/** Sends raw bytes; resolves with everything the server sent back until it closed (or `ms` passed). */
export async function rawExchange(
  port: number,
  bytes: string | Buffer,
  options: { ms?: number; localAddress?: string } = {},
): Promise<string> {
  return (await rawConversation(port, bytes, options)).text;
}

/** As rawExchange, and whether the server closed the connection (rather than time running out). */
export function rawConversation(
  port: number,
  bytes: string | Buffer,
  options: { ms?: number; localAddress?: string } = {},
): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket: Socket = netConnect({
      host: '127.0.0.1',
      port,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
    });
    let got = '';
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: got, closed });
    };
    const timer = setTimeout(() => done(false), options.ms ?? 5000);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
    socket.on('error', () => done(true));
    socket.on('close', () => done(true));
  });
}

/** The status code of the first response in `text`, or null when there was none. */
export function statusOf(text: string): number | null {
  const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
  return m ? Number(m[1]) : null;
}

export interface ContractClient {
  readonly socket: WebSocket;
  readonly events: EventMessage[];
  /** The id of every reply received, in order. */
  readonly replies: number[];
  call<T = unknown>(name: string, params: unknown): Promise<CallResult<T>>;
  /** A one-way notification frame (no id: never answered). */
  notify(name: string, params: unknown): void;
  close(): void;
}

export function contractClient(serve: Serve, token = serve.token): Promise<ContractClient> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${encodeURIComponent(token)}`, {
      headers: { origin: serve.origin },
    });
    const events: EventMessage[] = [];
    const replies: number[] = [];
    const pending = new Map<number, (result: CallResult<unknown>) => void>();
    let next = 1;
    socket.on('message', (data, binary) => {
      if (binary) return;
      const message = JSON.parse(data.toString()) as { id?: number; result?: CallResult<unknown> } & EventMessage;
      if (typeof message.id === 'number' && message.result) {
        replies.push(message.id);
        pending.get(message.id)?.(message.result);
      } else events.push(message);
    });
    socket.on('error', reject);
    socket.on('unexpected-response', (_req, res) => reject(new Error(`WebSocket refused: ${res.statusCode}`)));
    socket.on('open', () =>
      resolve({
        socket,
        events,
        replies,
        call<T>(name: string, params: unknown) {
          const id = next++;
          return new Promise<CallResult<T>>((done) => {
            pending.set(id, (r) => done(r as CallResult<T>));
            socket.send(JSON.stringify({ id, call: name, params }));
          });
        },
        notify(name: string, params: unknown) {
          socket.send(JSON.stringify({ notify: name, params }));
        },
        close: () => socket.close(),
      }),
    );
  });
}

/** Every instance's pid, from a snapshot over the contract. */
export async function instancePids(serve: Serve): Promise<Record<string, number | null>> {
  const client = await contractClient(serve);
  const result = await client.call<ProjectSnapshot | null>('project.snapshot', {});
  client.close();
  if (!result.ok || !result.value) throw new Error('no snapshot');
  return Object.fromEntries(result.value.instances.map((i) => [i.id, 'pid' in i.state ? i.state.pid : null]));
}

/**
 * Every instance's pid once all have spawned: "serve is running" and an open both answer
 * before the instances spawn (each start first checks its PORT), so a test about running
 * processes waits for them.
 */
export async function spawnedPids(serve: Serve, timeoutMs = 10_000): Promise<Record<string, number | null>> {
  let pids = await instancePids(serve);
  for (const deadline = Date.now() + timeoutMs; Object.values(pids).some((pid) => pid === null);) {
    if (Date.now() > deadline) throw new Error(`instances never started: ${JSON.stringify(pids)}`);
    await new Promise((r) => setTimeout(r, 25));
    pids = await instancePids(serve);
  }
  return pids;
}

/** Open file descriptors of a process (Linux). */
export function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** Resident set size of a process in bytes (Linux). */
export function residentBytes(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

/**
 * A WebSocket client by hand that stops reading after the handshake: what it is sent
 * piles up on the server's side once the kernel's buffers are full.
 */
export interface DeafSocket {
  sendText(text: string): void;
  /** Resolves when the server closes or resets the connection. */
  readonly closed: Promise<void>;
  destroy(): void;
}

export function deafWebSocket(serve: Serve): Promise<DeafSocket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host: '127.0.0.1', port: serve.port });
    // A paused socket never reads the server's FIN; writing finds out (EPIPE, ECONNRESET) once it has closed.
    let probe: NodeJS.Timeout | undefined;
    const closed = new Promise<void>((done) => {
      const end = () => {
        clearInterval(probe);
        done();
      };
      socket.on('close', end);
      socket.on('error', end);
    });
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      // From here on nothing is read: the receive window fills, then the server's queue.
      socket.pause();
      if (!head.startsWith('HTTP/1.1 101')) return reject(new Error(`no upgrade: ${head.split('\r\n')[0]}`));
      // `{}` is not a call (no id): the server drops it.
      probe = setInterval(() => socket.write(maskedTextFrame('{}')), 50);
      resolve({
        sendText(text: string) {
          if (!socket.destroyed) socket.write(maskedTextFrame(text));
        },
        closed,
        destroy: () => {
          clearInterval(probe);
          socket.destroy();
        },
      });
    };
    socket.on('data', onData);
    socket.on('connect', () =>
      socket.write(
        `GET /ws?token=${encodeURIComponent(serve.token)} HTTP/1.1\r\nHost: ${serve.host}\r\nOrigin: ${serve.origin}\r\nUpgrade: websocket\r\n` +
          'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
      ),
    );
  });
}

function maskedTextFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const header =
    payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
  if (payload.length > 0xffff) throw new Error('frame too long for this helper');
  const masked = Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)));
  return Buffer.concat([header, mask, masked]);
}

const made: string[] = [];

/** A fresh temporary folder (symlinks resolved), removed by `removeTempDirs`. */
export function tempDir(name: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), `procdeck-web-${name}-`)));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made in this file (the floods leave hundreds of MB of logs). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
