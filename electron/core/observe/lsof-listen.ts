/**
 * macOS has no /proc: its listening TCP sockets come from
 * `lsof -nP -iTCP -sTCP:LISTEN -Fpn` (numeric hosts and ports, LISTEN only, one field per
 * line: `p<pid>` opens a process, `f<fd>` a file of it, `n<host>:<port>` that file's
 * address). This file parses that output (pure, table-tested) and is the one entry point
 * that runs it (bounded in time and size, bounded-command.ts) for the darwin tree source.
 */
import { runBounded, type CommandLimits } from './bounded-command';

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

/**
 * Past this many pids lsof is asked about every process instead (`-a -p` keeps it from
 * walking every process of the machine, but a command line has a length limit).
 */
const MAX_NAMED_PIDS = 1000;

/** The arguments for one read: only `pids`' sockets (`-a`: and, not or), or everyone's when there are too many. */
export function lsofArgs(pids: readonly number[]): string[] {
  if (pids.length === 0 || pids.length > MAX_NAMED_PIDS) return [...LSOF_ARGS];
  return ['-a', '-p', pids.join(','), ...LSOF_ARGS];
}

export type LsofRead =
  { readonly ok: true; readonly listens: readonly LsofListen[] } | { readonly ok: false; readonly reason: string };

/**
 * One bounded run of lsof, judged and parsed. lsof exits 1 when it finds nothing, and
 * when a pid it was asked about is gone (it still prints the others): both are answers.
 * Anything else (missing, killed at the deadline, another code, output with no process in
 * it) is a failure with its reason.
 */
export async function readLsofListen(
  pids: readonly number[],
  limits: CommandLimits,
  command = 'lsof',
): Promise<LsofRead> {
  const result = await runBounded(command, lsofArgs(pids), limits);
  if (result.kind === 'failed') return { ok: false, reason: result.reason };
  if (result.code !== 0 && result.code !== 1) {
    const said = result.stderr ? `: ${result.stderr.split('\n')[0]}` : '';
    return { ok: false, reason: `\`${command}\` exited with ${result.code ?? 'a signal'}${said}` };
  }
  if (result.stdout.trim() !== '' && !/^p\d+\r?$/m.test(result.stdout)) {
    const first = result.stdout.trimStart().split('\n')[0] ?? '';
    return { ok: false, reason: `\`${command}\` printed no process; it began ${JSON.stringify(first.slice(0, 60))}` };
  }
  return { ok: true, listens: parseLsofListen(result.stdout) };
}
