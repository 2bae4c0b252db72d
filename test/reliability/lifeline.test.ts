/**
 * #3: Procdeck itself killed with SIGKILL. The lifeline watchdog must stop every process
 * group it was told about within 3 s, free the ports, and then exit itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readlinkSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../support/cli';
import { FIXTURES } from '../support/formation';
import { snapshotTree, survivors, type TreeMember } from '../support/orphans';
import { killAll, psTable } from '../support/processes';
import { eventually } from '../support/wait';

const hosts: ChildProcess[] = [];
const trees: TreeMember[][] = [];
afterEach(() => {
  for (const host of hosts.splice(0)) if (host.exitCode === null && host.signalCode === null) host.kill('SIGKILL');
  killAll(
    trees
      .splice(0)
      .flat()
      .map((m) => m.pid),
  );
});

function project(basePort: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-lifeline-'));
  // Three instances, each a server on its PORT plus a grandchild.
  const entry = `sleep 1000 & exec node ${FIXTURES}server.mjs`;
  writeFileSync(join(dir, 'Procfile'), `a: ${entry}\nb: ${entry}\nc: ${entry}\n`);
  writeFileSync(join(dir, '.env'), `PORT=${basePort}\n`);
  return dir;
}

function isListening(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .some((line) => line.includes(`:${hex} `) && / 0A /.test(line));
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** The host's children: its instances (leaders of their own groups) and the watchdog. */
function childrenOf(pid: number) {
  return psTable().filter((e) => e.ppid === pid && !e.stat.startsWith('Z'));
}

/** fd number → what it points at (`pipe:[123]`, `socket:[456]`, a path). */
function fdTargets(pid: number): Map<number, string> {
  const out = new Map<number, string>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return out;
  }
  for (const fd of fds) {
    try {
      out.set(Number(fd), readlinkSync(`/proc/${pid}/fd/${fd}`));
    } catch {
      // closed meanwhile
    }
  }
  return out;
}

async function killHostAndCheck(host: ChildProcess, ports: number[]): Promise<void> {
  const pid = host.pid as number;
  let instances: ReturnType<typeof childrenOf> = [];
  await eventually(
    () => (instances = childrenOf(pid).filter((c) => !c.command.includes('procdeck-lifeline'))).length === 3,
    'three instances',
    10_000,
  );
  const watchdog = childrenOf(pid).find((c) => c.command.includes('procdeck-lifeline'));
  expect(watchdog, 'a lifeline watchdog runs beside the host').toBeDefined();
  await eventually(() => snapshotTree(instances.map((i) => i.pid)).length >= 6, 'the grandchildren', 10_000);
  for (const port of ports) await eventually(() => isListening(port), `a server on ${port}`, 10_000);
  const tree = snapshotTree([...instances.map((i) => i.pid), (watchdog as { pid: number }).pid]);
  trees.push(tree);

  // No descendant may hold any of the host's open files (such as the lifeline's write end:
  // if it leaked, the watchdog would never see EOF).
  expect(fdTargets(watchdog?.pid as number).get(0)).toMatch(/^(pipe|socket):/);
  // (Files the host merely inherited from this test runner are not the host's to keep private.)
  const inherited = new Set(fdTargets(process.pid).values());
  const hostFiles = new Set([...fdTargets(pid).values()].filter((t) => /^(pipe|socket):/.test(t) && !inherited.has(t)));
  for (const member of tree) {
    for (const [fd, target] of fdTargets(member.pid)) {
      if (hostFiles.has(target)) throw new Error(`pid ${member.pid} holds the host's ${target} as fd ${fd}`);
    }
  }

  const killedAt = performance.now();
  host.kill('SIGKILL');
  await eventually(
    () => survivors(tree).length === 0,
    `no orphans 3 s after SIGKILL (left: ${survivors(tree).join(', ')})`,
    3000,
  );
  const took = performance.now() - killedAt;
  for (const port of ports) expect(await canBind(port), `port ${port} is free again`).toBe(true);
  process.stdout.write(`lifeline: formation gone ${Math.round(took)} ms after SIGKILL of the host\n`);
}

describe('#3 Procdeck killed with SIGKILL leaves no orphans', () => {
  it('#3 the CLI (procdeck start)', async () => {
    const base = 21_000 + Math.floor(Math.random() * 10_000);
    const host = spawn(process.execPath, [BIN, 'start', '-d', project(base), '--no-color'], { stdio: 'ignore' });
    hosts.push(host);
    await killHostAndCheck(host, [base, base + 100, base + 200]);
  });

  it('#3 the web view host (procdeck serve)', async () => {
    const base = 31_000 + Math.floor(Math.random() * 10_000);
    const host = spawn(process.execPath, [BIN, 'serve', project(base), '--listen-port', '0'], { stdio: 'ignore' });
    hosts.push(host);
    await killHostAndCheck(host, [base, base + 100, base + 200]);
  });

  const electron = electronBinary();
  it.skipIf(!electron.path)(
    `#3 the Electron main process${electron.path ? '' : ` — skipped: ${electron.reason}`}`,
    async () => {
      const base = 41_000 + Math.floor(Math.random() * 10_000);
      const host = spawn(electron.path as string, [join(ROOT, 'out/main/index.js'), project(base)], {
        stdio: 'ignore',
      });
      hosts.push(host);
      await killHostAndCheck(host, [base, base + 100, base + 200]);
    },
  );
});

/** The Electron binary, if this machine has one (it cannot be downloaded here). */
function electronBinary(): { path: string | null; reason: string } {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = join(
      override,
      process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : 'electron',
    );
    if (existsSync(candidate)) return { path: candidate, reason: '' };
  }
  const pathFile = join(ROOT, 'node_modules/electron/path.txt');
  if (existsSync(pathFile)) {
    const candidate = join(ROOT, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
    if (existsSync(candidate)) return { path: candidate, reason: '' };
  }
  return {
    path: null,
    reason: 'no Electron binary on this machine (it cannot be downloaded here; set ELECTRON_OVERRIDE_DIST_PATH)',
  };
}
