// The hosts that run a formation: Procdeck's CLI with either adapter, and the peers.
// Each turns a formation (one process type, N instances of a command) into a command line.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPeers } from './peers.mjs';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** The Procdeck under test; BENCH_PROCDECK points at another build (an A/B experiment). */
export const PROCDECK = process.env.BENCH_PROCDECK
  ? resolve(process.env.BENCH_PROCDECK)
  : fileURLToPath(new URL('../../bin/procdeck.js', import.meta.url));

/**
 * A formation: `type` × `count` of `command` (a Procfile line; the instance's name is in
 * $PS, or $FOREMAN_WORKER_NAME under node-foreman). `graceS`: the stop grace period.
 * @typedef {{ procfile: string, type: string, count: number, command: string, graceS: number }} Formation
 */

/** Procdeck's CLI with the PTY adapter (its default) and with pipes. */
export function procdeckHosts() {
  const start = (f, extra) => [
    process.execPath,
    PROCDECK,
    'start',
    '-f',
    f.procfile,
    '-m',
    `${f.type}=${f.count}`,
    '-t',
    String(f.graceS),
    ...extra,
  ];
  return [
    {
      id: 'procdeck-pty',
      label: 'procdeck start (PTY)',
      kind: 'procdeck',
      adapter: 'pty',
      available: true,
      argv: (f) => start(f, []),
    },
    {
      id: 'procdeck-pipe',
      label: 'procdeck start --pipes',
      kind: 'procdeck',
      adapter: 'pipe',
      available: true,
      argv: (f) => start(f, ['--pipes']),
    },
  ];
}

/** The peers; absent ones are kept, with `available: false` and the reason. */
export function peerHosts({ install, log }) {
  const peers = findPeers({ install, log });
  const named = (peer) => `${peer.label}${peer.version ? ` ${peer.version}` : ''}`;
  return [
    {
      id: 'nf',
      label: named(peers.nf),
      kind: 'peer',
      adapter: 'pipe',
      available: peers.nf.available,
      reason: peers.nf.reason,
      argv: (f) => [process.execPath, peers.nf.bin, 'start', '-j', f.procfile, `${f.type}=${f.count}`],
    },
    {
      id: 'concurrently',
      label: named(peers.concurrently),
      kind: 'peer',
      adapter: 'pipe',
      available: peers.concurrently.available,
      reason: peers.concurrently.reason,
      // No Procfile: one command per instance, named like Procdeck's instances.
      argv: (f) => {
        const names = instanceNames(f);
        return [
          process.execPath,
          peers.concurrently.bin,
          '--names',
          names.join(','),
          ...names.map((n) => `PS=${n}; export PS; ${f.command}`),
        ];
      },
    },
    {
      id: 'foreman-rb',
      label: named(peers.foremanRb),
      kind: 'peer',
      adapter: 'pipe',
      available: peers.foremanRb.available,
      reason: peers.foremanRb.reason,
      argv: (f) => [
        peers.foremanRb.bin,
        'start',
        '-f',
        f.procfile,
        '-m',
        `${f.type}=${f.count}`,
        '-t',
        String(f.graceS),
      ],
    },
  ];
}

export function instanceNames(f) {
  return Array.from({ length: f.count }, (_, i) => `${f.type}.${i + 1}`);
}
