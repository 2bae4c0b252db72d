/**
 * The darwin tree source on Linux, against fake `ps` and `lsof`: small sh scripts that print
 * macOS-format output (see darwin-ps.test.ts for where the format comes from) naming the
 * real pids of a real child. Not a run on a Mac (none here): what this pins is the wiring
 * (platform → source → ps → trees → lsof of the members → sockets → observation) and the
 * way every failure of the tools degrades.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { darwinTreeSource } from './darwin-source';
import { observationWhere } from '../../../test/support/observation';
import { createObserver } from './observer';

const dir = mkdtempSync(join(tmpdir(), 'procdeck-darwin-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // gone
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

/** An executable sh script `name` in the temp dir; returns its path. */
function tool(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** One ps row as macOS lays it out. */
function psRow(pid: number, ppid: number, stat: string, rssKiB: number, time: string, started: string): string {
  return `${String(pid).padStart(5)} ${String(ppid).padStart(5)} ${stat.padEnd(4)} ${String(rssKiB).padStart(6)} ${time.padStart(9)} ${started.padEnd(28)}`;
}

const PS_EXPECTS = `[ "$*" = "-A -o pid=,ppid=,stat=,rss=,time=,lstart=" ] || { echo "ps: bad arguments: $*" >&2; exit 64; }
[ "$LC_ALL" = C ] || { echo "ps: not the C locale" >&2; exit 65; }`;

/** A shell (its own process group) whose child node listens on 127.0.0.1 and prints "PID PORT". */
async function listeningTree(): Promise<{ shell: number; node: number; port: number }> {
  const script =
    "const s = require('net').createServer().listen(0, '127.0.0.1', () => console.log(process.pid, s.address().port)); setInterval(() => {}, 1000)";
  const child = spawn('sh', ['-c', `${JSON.stringify(process.execPath)} -e "$SCRIPT"; echo done`], {
    env: { PATH: process.env.PATH ?? '', SCRIPT: script },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  children.push(child);
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  const [node, port] = chunk.toString().trim().split(' ').map(Number);
  return { shell: child.pid as number, node: node as number, port: port as number };
}

describe('the observer created for darwin, with fake ps and lsof first on PATH', () => {
  let path: string | undefined;
  beforeAll(() => {
    mkdirSync(join(dir, 'path'));
    path = process.env.PATH;
    process.env.PATH = `${join(dir, 'path')}:${path ?? ''}`; // this test file runs in a process of its own
  });
  afterAll(() => {
    process.env.PATH = path;
  });

  it("reports a real child's port, processes, memory and CPU through ps and lsof", async () => {
    const { shell, node, port } = await listeningTree();
    writeFileSync(join(dir, 'calls'), '0');
    tool(
      'path/ps',
      `${PS_EXPECTS}
n=$(cat ${dir}/calls); n=$((n + 1)); echo $n > ${dir}/calls
cat <<EOF
${psRow(1, 0, 'Ss', 13296, '2:41.07', 'Mon Mar  4 09:00:01 2024')}
${psRow(shell, process.pid, 'S', 2048, '0:00.02', 'Tue Mar  5 14:22:09 2024')}
${psRow(node, shell, 'S+', 40960, '0:0$n.50', 'Tue Mar  5 14:22:10 2024')}
${psRow(node + 100000, shell, 'Z', 0, '0:00.00', 'Tue Mar  5 14:22:11 2024')}
EOF`,
    );
    // Answers only for pids it is asked about (-a -p LIST), as lsof does; launchd's sshd line shows it is filtered.
    tool(
      'path/lsof',
      `[ "$1 $2" = "-a -p" ] || exit 64
case ",$3," in *,${node},*) ;; *) exit 1 ;; esac
printf 'p${node}\\nf21\\nn127.0.0.1:${port}\\nf22\\nn[::1]:${port}\\np1\\nf5\\nn*:22\\n'`,
    );
    const observer = createObserver({ platform: 'darwin', intervalMs: 100 });
    try {
      const watch = observer.watch(shell);
      const seen = await observationWhere(
        watch,
        (o) => o.sockets.length > 0 && o.cpuPercent > 0,
        'the socket and some CPU',
      );
      expect(seen.sockets).toEqual([
        { address: '::1', port, pid: node },
        { address: '127.0.0.1', port, pid: node },
      ]);
      expect(seen.processes).toBe(2); // the zombie is not counted
      expect(seen.rssBytes).toBe((2048 + 40960) * 1024);
      watch.close();
    } finally {
      observer.close();
    }
  });
});

describe('the darwin source when its tools fail', () => {
  const ps = tool(
    'ps-ok',
    `${PS_EXPECTS}
cat <<EOF
${psRow(1803, 1, 'S', 2048, '0:00.02', 'Tue Mar  5 14:22:09 2024')}
${psRow(1804, 1803, 'S', 4096, '0:01.00', 'Tue Mar  5 14:22:10 2024')}
EOF`,
  );
  const limits = { timeoutMs: 500, maxOutputBytes: 64 * 1024 };

  it('without lsof knows no ports, still knows the processes, and says so once', async () => {
    const warnings: string[] = [];
    const source = darwinTreeSource({ ps, lsof: join(dir, 'no-such-lsof'), warn: (m) => warnings.push(m), ...limits });
    for (let i = 0; i < 2; i++) {
      const tree = (await source.read([1803])).get(1803);
      expect(tree?.processes.map((p) => p.pid)).toEqual([1803, 1804]);
      expect(tree?.sockets).toEqual([]);
    }
    expect(warnings).toEqual([expect.stringMatching(/^listening ports unknown .*no-such-lsof` was not found/)]);
  });

  it('kills a hung lsof with its whole process group at the deadline', async () => {
    const lsof = tool('lsof-hangs', `sleep 30 & echo $! > ${dir}/sleeper\nwait`);
    const warnings: string[] = [];
    const source = darwinTreeSource({ ps, lsof, warn: (m) => warnings.push(m), ...limits });
    const tree = (await source.read([1803])).get(1803);
    expect(tree?.processes).toHaveLength(2);
    expect(tree?.sockets).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('took over 500 ms and was killed')]);
    const sleeper = Number(readFileSync(join(dir, 'sleeper'), 'utf8'));
    await expect.poll(() => goneOrZombie(sleeper), { timeout: 5000 }).toBe(true);
  });

  it('reads garbage from lsof as no ports, with a warning naming what it printed', async () => {
    const lsof = tool('lsof-garbage', `printf '\\001\\002 Segmentation fault\\n'`);
    const warnings: string[] = [];
    const source = darwinTreeSource({ ps, lsof, warn: (m) => warnings.push(m), ...limits });
    expect((await source.read([1803])).get(1803)?.sockets).toEqual([]);
    expect(warnings).toEqual([expect.stringContaining('printed no process; it began')]);
  });

  it('warns again only after lsof answered once in between', async () => {
    const broken = join(dir, 'broken');
    const lsof = tool(
      'lsof-flaky',
      `[ -f ${broken} ] && { echo 'lsof: kernel says no' >&2; exit 2; }\nprintf 'p1804\\nn*:5000\\n'`,
    );
    const warnings: string[] = [];
    const source = darwinTreeSource({ ps, lsof, warn: (m) => warnings.push(m), ...limits });
    writeFileSync(broken, '');
    await source.read([1803]);
    await source.read([1803]);
    rmSync(broken);
    expect((await source.read([1803])).get(1803)?.sockets).toEqual([{ address: '0.0.0.0', port: 5000, pid: 1804 }]);
    writeFileSync(broken, '');
    await source.read([1803]);
    expect(warnings).toEqual([
      expect.stringContaining('exited with 2: lsof: kernel says no'),
      expect.stringContaining('exited with 2: lsof: kernel says no'),
    ]);
  });

  it('knows no processes when ps floods its output, and does not run lsof then', async () => {
    const flood = tool('ps-floods', 'yes "    1     0 Ss  1024   0:00.01 Mon Mar  4 09:00:01 2024"');
    const lsof = tool('lsof-marks', `touch ${dir}/lsof-ran`);
    const warnings: string[] = [];
    const source = darwinTreeSource({ ps: flood, lsof, warn: (m) => warnings.push(m), ...limits });
    expect((await source.read([1])).size).toBe(0);
    expect(warnings).toEqual([expect.stringMatching(/^process trees unknown .*printed over 65536 bytes/)]);
    expect(existsSync(join(dir, 'lsof-ran'))).toBe(false);
  });

  it('names the line of ps output it could not read', async () => {
    const linux = tool('ps-linux', 'echo "    1     0 Ss  1024 00:00:01 Mon Mar  4 09:00:01 2024"');
    const warnings: string[] = [];
    const source = darwinTreeSource({ ps: linux, warn: (m) => warnings.push(m), ...limits });
    expect((await source.read([1])).size).toBe(0);
    expect(warnings).toEqual([expect.stringContaining('line 1 did not read: "    1     0 Ss  1024 00:00:01')]);
  });
});

function goneOrZombie(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}
