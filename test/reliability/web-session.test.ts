/**
 * #42–#44: local privacy and the web view's token (issue 9, item 7), with real serve
 * processes: the logs' private folder, `serve --open` without the token on any command
 * line or in any child's environment, and failed-token throttling per source address.
 */
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { procdeck } from '../support/cli';
import { removeTempDirs, type Serve, startServe, tempDir } from './web-support';
import { eventually } from '../support/wait';

function project(procfile: string): string {
  const dir = tempDir('project');
  writeFileSync(join(dir, 'Procfile'), procfile);
  return dir;
}

function get(
  serve: Serve,
  path: string,
  localAddress?: string,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: serve.port,
        path,
        headers: { host: serve.host },
        ...(localAddress ? { localAddress } : {}),
      },
      (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

function socketOpens(serve: Serve, token: string, localAddress?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${serve.port}/ws?token=${encodeURIComponent(token)}`, {
      headers: { origin: serve.origin },
      ...(localAddress ? { localAddress } : {}),
    });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(0));
  });
}

const mode = (path: string) => statSync(path).mode & 0o777;

afterAll(() => removeTempDirs());

describe('#42 serve keeps its logs in a private per-user folder', () => {
  it('#42 $XDG_STATE_HOME/procdeck/logs, folders 0700, files 0600; nothing in the shared /tmp folder', async () => {
    const state = tempDir('state');
    const dir = project('web: echo private words; exec sleep 1000\n');
    const serve = await startServe([dir], { env: { XDG_STATE_HOME: state } });
    try {
      const logs = join(state, 'procdeck', 'logs');
      const log = await eventually(() => {
        const folders = existsSync(logs) ? readdirSync(logs) : [];
        const file = folders[0] ? join(logs, folders[0], 'web.1.log') : '';
        return file && existsSync(file) && readFileSync(file, 'utf8').includes('private words') ? file : undefined;
      }, 'the log of web.1');
      expect(mode(join(state, 'procdeck'))).toBe(0o700);
      expect(mode(logs)).toBe(0o700);
      expect(mode(join(log, '..'))).toBe(0o700);
      expect(mode(log)).toBe(0o600);
      const shared = join(tmpdir(), `procdeck-logs-${process.getuid?.() ?? 'user'}`);
      const leaked = existsSync(shared)
        ? readdirSync(shared).filter((f) => f.startsWith(dir.split('/').pop() as string))
        : [];
      expect(leaked).toEqual([]);
    } finally {
      await serve.stop();
    }
  });

  it('#42 without $XDG_STATE_HOME, $XDG_RUNTIME_DIR; a folder of ours that is too open is made 0700', async () => {
    const runtime = tempDir('runtime');
    mkdirSync(join(runtime, 'procdeck', 'logs'), { recursive: true });
    chmodSync(join(runtime, 'procdeck'), 0o755);
    chmodSync(join(runtime, 'procdeck', 'logs'), 0o777);
    const dir = project('web: echo hi; exec sleep 1000\n');
    // (An empty value counts as unset, as the XDG rules say.)
    const serve = await startServe([dir], { env: { XDG_STATE_HOME: '', XDG_RUNTIME_DIR: runtime } });
    try {
      await eventually(
        () => readdirSync(join(runtime, 'procdeck', 'logs')).length > 0,
        'a log folder under $XDG_RUNTIME_DIR',
      );
      expect(mode(join(runtime, 'procdeck'))).toBe(0o700);
      expect(mode(join(runtime, 'procdeck', 'logs'))).toBe(0o700);
    } finally {
      await serve.stop();
    }
  });

  it('#42 a log folder reached through a symlink is refused, and serve says why', async () => {
    const state = tempDir('state');
    const elsewhere = tempDir('elsewhere');
    symlinkSync(elsewhere, join(state, 'procdeck'));
    const run = procdeck(['serve', project('web: exec sleep 1000\n'), '--listen-port', '0'], {
      env: { XDG_STATE_HOME: state },
    });
    const { code } = await run.exited;
    expect(code).toBe(2);
    expect(run.stderr()).toMatch(/procdeck: error: .*procdeck is a symbolic link/);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  it.skipIf(process.getuid?.() !== 0)(
    '#42 a log folder owned by someone else is refused (needs root to make one)',
    async () => {
      const state = tempDir('state');
      mkdirSync(join(state, 'procdeck', 'logs'), { recursive: true, mode: 0o700 });
      chownSync(join(state, 'procdeck', 'logs'), 65534, 65534);
      const run = procdeck(['serve', project('web: exec sleep 1000\n'), '--listen-port', '0'], {
        env: { XDG_STATE_HOME: state },
      });
      const { code } = await run.exited;
      expect(code).toBe(2);
      expect(run.stderr()).toMatch(/belongs to another user \(uid 65534\)/);
    },
  );
});

describe("#43 serve --open puts a single-use code on the opener's command line, never the token", () => {
  it('#43 the opener and the formation never see the token; the code works once, for a session', async () => {
    const spy = tempDir('opener');
    const bin = join(spy, 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$0" "$@" > ${spy}/argv\nenv > ${spy}/env\n`);
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const envOut = join(spy, 'instance-env');
    const dir = project(`web: env > ${envOut}; exec sleep 1000\n`);
    const serve = await startServe([dir, '--open'], { env: { PATH: `${bin}:${process.env.PATH ?? ''}` } });
    try {
      const argv = await eventually(
        () => existsSync(join(spy, 'argv')) && readFileSync(join(spy, 'argv'), 'utf8'),
        'the opener to run',
      );
      const url = /http:\/\/127\.0\.0\.1:\d+\/open\?code=([A-Za-z0-9_-]+)/.exec(argv);
      expect(url, argv).not.toBeNull();
      expect(argv).not.toContain(serve.token);
      await eventually(
        () => existsSync(join(spy, 'env')) && existsSync(envOut) && readFileSync(envOut, 'utf8').includes('PS=web.1'),
        'both environments',
      );
      expect(readFileSync(join(spy, 'env'), 'utf8')).not.toContain(serve.token);
      expect(readFileSync(envOut, 'utf8')).not.toContain(serve.token);
      expect(readFileSync(envOut, 'utf8')).not.toContain('PROCDECK_SERVE_TOKEN');
      expect(serve.run.stdout()).not.toContain(serve.token);

      const code = url?.[1] as string;
      const first = await get(serve, `/open?code=${code}`);
      expect(first.status).toBe(303);
      const session = /^\/#token=([A-Za-z0-9_-]+)$/.exec(String(first.headers.location))?.[1];
      expect(session).toBeDefined();
      expect(session).not.toBe(serve.token);
      expect(await socketOpens(serve, session as string)).toBe(101);
      // Used once: a second load (another user who read the command line) gets nothing.
      expect((await get(serve, `/open?code=${code}`)).status).toBe(401);
      expect((await get(serve, '/open?code=made-up')).status).toBe(401);
      expect((await get(serve, '/open')).status).toBe(401);
    } finally {
      await serve.stop();
    }
  });
});

describe('#44 failed tokens are throttled per source, and the right token is never refused', () => {
  it('#44 a source flooding wrong tokens gets 429s; the right token still works from it, and other sources are not slowed', async () => {
    const serve = await startServe([project('web: echo hi; exec sleep 1000\n')]);
    try {
      const flooder = '127.0.0.2';
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await get(serve, `/api/log/web.1?token=wrong-${i}`, flooder)).status);
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(-10).every((s) => s === 429)).toBe(true);
      expect(await socketOpens(serve, 'wrong', flooder)).toBe(429);
      // The right token, from the very same address, is accepted at once.
      expect((await get(serve, `/api/log/web.1?token=${serve.token}`, flooder)).status).toBe(200);
      expect(await socketOpens(serve, serve.token, flooder)).toBe(101);
      // Another source is judged on its own: a wrong guess is a 401, the right token a 200.
      expect((await get(serve, '/api/log/web.1?token=wrong')).status).toBe(401);
      expect((await get(serve, `/api/log/web.1?token=${serve.token}`)).status).toBe(200);
      expect(await socketOpens(serve, serve.token)).toBe(101);
    } finally {
      await serve.stop();
    }
  });
});
