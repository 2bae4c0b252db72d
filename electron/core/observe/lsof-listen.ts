/**
 * macOS has no /proc: its listening TCP sockets come from
 * `lsof -nP -iTCP -sTCP:LISTEN -Fpn` (numeric hosts and ports, LISTEN only, one field per
 * line: `p<pid>` opens a process, `f<fd>` a file of it, `n<host>:<port>` that file's
 * address). This file parses that output (pure, table-tested on captured output) and runs
 * the command bounded in time and size. Not yet read by the observer's tree source on
 * darwin (that source also needs the process tree from `ps`).
 */
import { execFile } from 'node:child_process';

export interface LsofListen {
  readonly pid: number;
  /** `0.0.0.0` for lsof's `*` (any address, either family), else the address without IPv6 brackets. */
  readonly address: string;
  readonly port: number;
}

export const LSOF_ARGS = ['-nP', '-iTCP', '-sTCP:LISTEN', '-Fpn'] as const;

/** Every (pid, address, port) of the output, once each, in the output's order; unknown lines are skipped. */
export function parseLsofListen(text: string): LsofListen[] {
  const out: LsofListen[] = [];
  const seen = new Set<string>();
  let pid: number | null = null;
  for (const line of text.split('\n')) {
    const field = line[0];
    const value = line.slice(1).trimEnd();
    if (field === 'p') {
      pid = /^\d+$/.test(value) ? Number(value) : null;
    } else if (field === 'n' && pid !== null) {
      const socket = parseName(value);
      if (!socket) continue;
      const key = `${pid}|${socket.address}|${socket.port}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ pid, ...socket });
    }
  }
  return out;
}

/** `*:5000`, `127.0.0.1:5000`, `[::1]:5000`, `[fe80::1%lo0]:5000`; null for anything else (a connection `a->b`). */
function parseName(name: string): { address: string; port: number } | null {
  if (name.includes('->')) return null;
  const colon = name.lastIndexOf(':');
  if (colon <= 0) return null;
  const host = name.slice(0, colon);
  const portText = name.slice(colon + 1);
  if (!/^\d{1,5}$/.test(portText)) return null;
  const port = Number(portText);
  if (port < 1 || port > 65535) return null;
  if (host === '*') return { address: '0.0.0.0', port };
  if (host.startsWith('[') && host.endsWith(']')) return { address: host.slice(1, -1), port };
  return host.includes(':') ? null : { address: host, port };
}

const TIMEOUT_MS = 5000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/** Runs lsof (bounded: 5 s, 4 MiB); [] when it is missing, fails or finds nothing (lsof exits 1 then). */
export function readLsofListen(command = 'lsof'): Promise<LsofListen[]> {
  return new Promise((resolve) => {
    execFile(
      command,
      [...LSOF_ARGS],
      { timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, encoding: 'latin1' },
      (error, stdout) => resolve(error && !stdout ? [] : parseLsofListen(stdout)),
    );
  });
}
