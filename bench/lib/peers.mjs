// The Foreman-style peers: found on the machine, or installed into a temporary folder
// from the registries (never into the project's dependencies). A peer that cannot be had
// is reported absent, with the reason.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Pinned so that a full run measures the same peers every time. */
const NPM_PEERS = { foreman: '3.0.1', concurrently: '9.2.5' };
export const PEER_DIR = join(tmpdir(), 'procdeck-bench-peers');

/**
 * @param {{ install: boolean, log: (text: string) => void }} options
 * @returns {Record<'nf'|'concurrently'|'foremanRb', { available: boolean, label: string, version?: string, bin?: string, reason?: string }>}
 */
export function findPeers({ install, log }) {
  const npmBin = (pkg, bin) => join(PEER_DIR, 'node_modules', pkg, bin);
  const nfBin = npmBin('foreman', 'nf.js');
  const concBin = npmBin('concurrently', 'dist/bin/concurrently.js');
  let installError = null;
  if (install && !(existsSync(nfBin) && existsSync(concBin))) {
    log(
      `installing peers into ${PEER_DIR} (npm: ${Object.entries(NPM_PEERS)
        .map(([n, v]) => `${n}@${v}`)
        .join(', ')})`,
    );
    mkdirSync(PEER_DIR, { recursive: true });
    const result = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        PEER_DIR,
        '--no-audit',
        '--no-fund',
        '--no-save',
        ...Object.entries(NPM_PEERS).map(([n, v]) => `${n}@${v}`),
      ],
      { encoding: 'utf8', timeout: 180_000 },
    );
    if (result.status !== 0)
      installError = (result.stderr || result.error?.message || 'npm install failed').trim().split('\n').slice(-1)[0];
  }
  const npmPeer = (pkg, bin, label) => {
    if (existsSync(bin))
      return { available: true, label, version: packageVersion(join(PEER_DIR, 'node_modules', pkg)), bin };
    const reason = install
      ? `absent: npm install into ${PEER_DIR} failed (${installError ?? 'unknown'})`
      : `absent: not installed in ${PEER_DIR} (a full run installs it; --quick does not)`;
    return { available: false, label, reason };
  };
  return {
    nf: npmPeer('foreman', nfBin, 'node-foreman (nf)'),
    concurrently: npmPeer('concurrently', concBin, 'concurrently'),
    foremanRb: rubyForeman(),
  };
}

function rubyForeman() {
  const label = 'Foreman (Ruby, Debian ruby-foreman)';
  try {
    const version = execFileSync('foreman', ['version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    const bin = execFileSync('sh', ['-c', 'command -v foreman'], { encoding: 'utf8' }).trim();
    return { available: true, label, version, bin };
  } catch {
    return { available: false, label, reason: 'absent: no `foreman` on PATH (Debian: apt-get install ruby-foreman)' };
  }
}

function packageVersion(dir) {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}
