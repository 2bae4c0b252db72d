// What the figures were measured on: hardware, software, load.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { PROCDECK, REPO } from './hosts.mjs';

export function describeMachine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${osRelease()} (Linux ${os.release()})`,
    node: process.version,
    procdeck: process.env.BENCH_PROCDECK
      ? `${PROCDECK} (BENCH_PROCDECK; bench code at ${procdeckVersion()})`
      : procdeckVersion(),
    load: loadNow(),
  };
}

/** `uptime`'s three load averages, as text. */
export function loadNow() {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

function osRelease() {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

function procdeckVersion() {
  const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  try {
    const commit = execFileSync('git', ['-C', REPO, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const dirty =
      execFileSync('git', ['-C', REPO, 'status', '--porcelain', '--', 'electron', 'shared'], {
        encoding: 'utf8',
      }).trim() !== '';
    return `${version} (${commit}${dirty ? ', with uncommitted changes in electron/ or shared/' : ''})`;
  } catch {
    return version;
  }
}
