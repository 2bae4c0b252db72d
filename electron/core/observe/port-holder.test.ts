/**
 * The pre-spawn port check against a real holder: a node server started here plays
 * another Procdeck formation's web.1 (its tag and PS), and an instance given its port as
 * PORT fails to start with a reason naming it instead of dying on EADDRINUSE.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { startFormation } from '../../../test/support/formation';
import { describeHolder, findPortHolder } from './port-holder';

let holder: ChildProcess;
let port = 0;

afterAll(() => {
  holder?.kill('SIGKILL');
});

async function startHolder(): Promise<void> {
  holder = spawn(
    process.execPath,
    [
      '-e',
      `const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port)); setInterval(() => {}, 1000)`,
    ],
    {
      cwd: '/tmp',
      env: { PATH: process.env.PATH ?? '', PROCDECK_TAG: 'elsewhere-1/web.1', PS: 'web.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [chunk] = (await once(holder.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  port = Number(chunk.toString().trim());
}

describe('who holds a port', () => {
  it('names the real holder: pid, command, and the Procdeck instance it is', async () => {
    await startHolder();
    const found = await findPortHolder(port);
    expect(found).toMatchObject({
      port,
      address: '127.0.0.1',
      pid: holder.pid,
      procdeckInstance: 'web.1',
      directory: '/tmp',
      ours: true,
    });
    expect(found?.command).toContain(process.execPath);
    expect(describeHolder(found!)).toMatch(
      new RegExp(
        `^PORT ${port} is already taken by pid ${holder.pid} \\(.*node.*\\), web\\.1 of the Procdeck formation in /tmp, listening on 127\\.0\\.0\\.1`,
      ),
    );
  });

  it('answers null for a free port', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const free = (server.address() as AddressInfo).port;
    server.close();
    await once(server, 'close');
    expect(await findPortHolder(free)).toBeNull();
  });

  it.each(['pipe', 'pty'] as const)(
    'an instance whose PORT is taken fails to start, naming the holder (%s)',
    async (adapter) => {
      if (!port) await startHolder();
      const f = startFormation({
        adapter,
        types: { web: `node -e "require('net').createServer().listen(process.env.PORT)"` },
        basePort: port,
      });
      const failed = await f.waitFor('web.1', 'failed');
      expect(failed.state.kind === 'failed' && failed.state.reason).toContain(
        `PORT ${port} is already taken by pid ${holder.pid}`,
      );
      expect(f.pids.size).toBe(0); // nothing was spawned to die on EADDRINUSE
      await f.dispose();
    },
  );
});
