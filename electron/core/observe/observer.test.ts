/**
 * The observer against real processes: a listening grandchild behind a shell, memory that
 * grows when a child allocates, CPU of a busy tree, and nothing watched, nothing read.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { observationWhere } from '../../../test/support/observation';
import { createObserver, silentObserver } from './observer';
import type { RawTree, TreeSource } from './tree-source';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // gone
    }
  }
});

/** A shell in its own process group whose child is node running `script`. */
function shellThenNode(script: string, env: Record<string, string> = {}): ChildProcess {
  const child = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} -e "$SCRIPT"; echo done`], {
    env: { PATH: process.env.PATH ?? '', SCRIPT: script, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
    detached: true,
  });
  children.push(child);
  return child;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  server.close();
  await once(server, 'close');
  return port;
}

async function firstLine(child: ChildProcess, text: string): Promise<void> {
  let seen = '';
  for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
    seen += chunk.toString();
    if (seen.includes(text)) return;
  }
  throw new Error(`the child ended before printing ${text}; it printed ${seen}`);
}

describe('the observer on real process trees', () => {
  const observer = createObserver({ intervalMs: 100 });
  afterAll(() => observer.close());

  it('finds the port a grandchild listens on (sh -> node), with its pid and bind address', async () => {
    const port = await freePort();
    const child = shellThenNode(
      `require('net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening')); setInterval(() => {}, 1000)`,
    );
    await firstLine(child, 'listening');
    const watch = observer.watch(child.pid as number);
    const seen = await observationWhere(watch, (o) => o.sockets.length > 0, 'the socket');
    expect(seen.sockets).toHaveLength(1);
    const [socket] = seen.sockets;
    expect(socket).toMatchObject({ address: '127.0.0.1', port });
    expect(socket?.pid).not.toBe(child.pid); // the node grandchild holds it, not the shell
    expect(seen.processes).toBe(2);
    watch.close();
  });

  it('sees a watched process start listening later, and stop (its fds are not read every tick)', async () => {
    const port = await freePort();
    const child = shellThenNode(`
      const server = require('net').createServer();
      process.stdin.on('data', (d) => {
        if (String(d).startsWith('listen')) server.listen(${port}, '127.0.0.1', () => console.log('listening'));
        else server.close(() => console.log('closed'));
      });
      console.log('ready');
    `);
    await firstLine(child, 'ready');
    const watch = observer.watch(child.pid as number);
    const first = await observationWhere(watch, (o) => o.processes === 2, 'both processes');
    expect(first.sockets).toEqual([]);
    await observationWhere(watch, (o) => o.processes === 2, 'a second tick of known processes');
    child.stdin?.write('listen\n');
    const listening = await observationWhere(watch, (o) => o.sockets.length > 0, 'the late socket');
    expect(listening.sockets).toMatchObject([{ address: '127.0.0.1', port }]);
    child.stdin?.write('close\n');
    await observationWhere(watch, (o) => o.sockets.length === 0, 'the socket to go');
    watch.close();
  });

  it('sees a child a one-threaded shell starts later, and sees it end (its children are read every tick)', async () => {
    // Nothing printed after ready: firstLine's loop closes stdout when it returns.
    const script = 'echo ready; read go; sleep 600 & read stop; kill $!; wait; read end';
    const child = spawn('sh', ['-c', script], { stdio: ['pipe', 'pipe', 'inherit'], detached: true });
    children.push(child);
    await firstLine(child, 'ready');
    const watch = observer.watch(child.pid as number);
    await observationWhere(watch, (o) => o.processes === 1, 'the shell alone');
    child.stdin?.write('go\n');
    await observationWhere(watch, (o) => o.processes === 2, 'the shell and its sleep');
    child.stdin?.write('stop\n');
    await observationWhere(watch, (o) => o.processes === 1, 'the shell alone again');
    watch.close();
  });

  it('finds a child forked by a thread other than the main one (a worker thread spawns it)', async () => {
    const child = shellThenNode(`
      const { Worker } = require('worker_threads');
      new Worker("require('child_process').spawn('sleep', ['600'], { stdio: 'ignore' }); console.log('spawned')", { eval: true });
      setInterval(() => {}, 1000);
    `);
    await firstLine(child, 'spawned');
    const watch = observer.watch(child.pid as number);
    const seen = await observationWhere(watch, (o) => o.processes === 3, 'sh, node and the sleep its worker started');
    expect(seen.processes).toBe(3);
    watch.close();
  });

  it('sees resident memory grow when a child allocates, and the busy tree use CPU', async () => {
    const child = shellThenNode(`
      const kept = [];
      process.stdin.on('data', () => {
        for (let i = 0; i < 8; i++) kept.push(Buffer.alloc(8 << 20, 1));
        const until = Date.now() + 600;
        while (Date.now() < until);
        console.log('allocated');
      });
      console.log('ready');
    `);
    await firstLine(child, 'ready');
    const watch = observer.watch(child.pid as number);
    const before = await observationWhere(watch, (o) => o.processes === 2, 'both processes');
    expect(before.rssBytes).toBeGreaterThan(1 << 20);
    child.stdin?.write('go\n');
    const busy = await observationWhere(watch, (o) => o.cpuPercent > 20, 'the busy loop to show as CPU');
    expect(busy.cpuPercent).toBeLessThan(250); // one thread spinning: about 100 % of one core
    const grown = await observationWhere(
      watch,
      (o) => o.rssBytes >= before.rssBytes + (48 << 20),
      '64 MiB more resident',
    );
    expect(grown.processes).toBe(2);
    expect(watch.history().length).toBeGreaterThanOrEqual(3);
    watch.close();
  });
});

describe('the silent observer (PROCDECK_SAMPLING=off)', () => {
  it('never reads, and its pending next() calls resolve null on close', async () => {
    const observer = silentObserver();
    const watch = observer.watch(process.pid);
    const ticks: unknown[] = [];
    observer.subscribe((tick) => ticks.push(tick));
    const next = watch.next();
    watch.close();
    expect(await next).toBeNull();
    expect(watch.latest()).toBeNull();
    expect(watch.history()).toEqual([]);
    expect(ticks).toEqual([]);
  });
});

describe('the observer without /proc', () => {
  it('reads nothing while nothing is watched, and closes pending next() calls with null', async () => {
    const reads: number[][] = [];
    const source: TreeSource = {
      ticksPerSecond: 100,
      read: async (roots) => {
        reads.push([...roots]);
        return new Map<number, RawTree>(
          roots.map((r) => [
            r,
            { processes: [{ pid: r, startTime: '1', cpuTicks: reads.length * 50, rssBytes: 1000 }], sockets: [] },
          ]),
        );
      },
    };
    let clock = 0;
    const observer = createObserver({ source, intervalMs: 10, now: () => clock });
    const watch = observer.watch(42);
    const first = await watch.next();
    expect(first).toMatchObject({ cpuPercent: 0, rssBytes: 1000, processes: 1 });
    clock += 10;
    const second = await watch.next();
    expect(second?.cpuPercent).toBeGreaterThan(0);
    expect(watch.history().map((s) => s.rssBytes)).toEqual([1000, 1000]);
    const pending = watch.next();
    watch.close();
    expect(await pending).toBeNull();
    const count = reads.length;
    // Asserting that nothing happens: no event to wait for, so five intervals' time.
    await new Promise((r) => setTimeout(r, 50));
    expect(reads.length).toBe(count);
    observer.close();
  });
});
