/**
 * The macOS tree source (macOS has no /proc): per tick, one `ps` for the whole process
 * table (trees, CPU, memory: darwin-ps.ts) and then one `lsof` for the LISTEN sockets of
 * every watched tree's members at once (lsof-listen.ts), however many instances are
 * watched. Both run bounded in time and output and are parsed at one entry point each.
 *
 * A tool that fails (missing, hung, garbage) degrades, never throws: no ps, no processes
 * known; no lsof, no ports known (processes, CPU and memory still are). Each failure is
 * said once, through `warn`, until the tool answers again.
 *
 * Not run on a Mac here (no Mac on these machines): the formats are those of Apple's ps
 * source and lsof's documented -F output, and the tests run this file against recorded
 * output from fake `ps` and `lsof` on Linux.
 */
import { runBounded, type CommandLimits } from './bounded-command';
import { parsePs, PS_ARGS, PS_TICKS_PER_SECOND, type DarwinProcess } from './darwin-ps';
import { readLsofListen } from './lsof-listen';
import type { ListeningSocket } from './observation';
import { uniqueSockets } from './procfs-source';
import type { RawTree, TreeProcess, TreeSource } from './tree-source';

export interface DarwinSourceOptions {
  /** The commands, found on PATH unless given as paths (tests point them at fakes or at nothing). */
  readonly ps?: string;
  readonly lsof?: string;
  /** Per command. ps of a thousand processes takes tens of ms; lsof on a stale network mount can hang. */
  readonly timeoutMs?: number;
  readonly maxOutputBytes?: number;
  /** Told once per failing tool; the default is a Node process warning (stderr). */
  readonly warn?: (message: string) => void;
}

const TIMEOUT_MS = 5000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

export function darwinTreeSource(options: DarwinSourceOptions = {}): TreeSource {
  const ps = options.ps ?? 'ps';
  const lsof = options.lsof ?? 'lsof';
  const warn = options.warn ?? ((message) => process.emitWarning(message, { code: 'PROCDECK_OBSERVER' }));
  const failing = { ps: false, lsof: false };
  const said = (tool: keyof typeof failing, reason: string | null) => {
    if (reason === null) failing[tool] = false;
    else if (!failing[tool]) {
      failing[tool] = true;
      warn(
        tool === 'ps'
          ? `process trees unknown (no ports, CPU or memory): ${reason}`
          : `listening ports unknown (CPU and memory still shown): ${reason}`,
      );
    }
  };
  return {
    ticksPerSecond: PS_TICKS_PER_SECOND,
    async read(roots) {
      const limits: CommandLimits = {
        timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
        maxOutputBytes: options.maxOutputBytes ?? MAX_OUTPUT_BYTES,
        env: toolEnvironment(process.env),
      };
      const table = await readPs(ps, limits);
      said('ps', table.ok ? null : table.reason);
      if (!table.ok) return new Map();
      const { trees, members } = treesOf(roots, table.processes);
      if (members.size === 0) return trees;
      const listening = await readLsofListen([...members.keys()], limits, lsof);
      said('lsof', listening.ok ? null : listening.reason);
      if (!listening.ok) return trees;
      const sockets = new Map<number, ListeningSocket[]>();
      for (const { pid, address, port } of listening.listens) {
        const root = members.get(pid);
        if (root === undefined) continue; // lsof listed everyone (too many pids to name), or a pid reused since ps
        const list = sockets.get(root) ?? [];
        list.push({ address, port, pid });
        sockets.set(root, list);
      }
      const out = new Map<number, RawTree>();
      for (const [root, tree] of trees) out.set(root, { ...tree, sockets: uniqueSockets(sockets.get(root) ?? []) });
      return out;
    },
  };
}

/** ps's answer as processes, or the reason there are none. */
async function readPs(
  command: string,
  limits: CommandLimits,
): Promise<{ ok: true; processes: readonly DarwinProcess[] } | { ok: false; reason: string }> {
  const result = await runBounded(command, PS_ARGS, limits);
  if (result.kind === 'failed') return { ok: false, reason: result.reason };
  if (result.code !== 0) {
    const said = result.stderr ? `: ${result.stderr.split('\n')[0]}` : '';
    return { ok: false, reason: `\`${command}\` exited with ${result.code ?? 'a signal'}${said}` };
  }
  const parsed = parsePs(result.stdout);
  if (!parsed.ok)
    return {
      ok: false,
      reason: `\`${command}\` line ${parsed.line} did not read: ${JSON.stringify(parsed.text.slice(0, 80))}`,
    };
  return { ok: true, processes: parsed.processes };
}

/**
 * Each root and its live descendants, the root first. As on Linux, a process is counted in
 * one tree only: a watched root below another root is its own tree, not part of the upper one.
 */
export function treesOf(
  roots: readonly number[],
  table: readonly DarwinProcess[],
): { trees: Map<number, RawTree>; members: Map<number, number> } {
  const byPid = new Map<number, DarwinProcess>();
  const children = new Map<number, DarwinProcess[]>();
  for (const p of table) {
    byPid.set(p.pid, p);
    const siblings = children.get(p.ppid);
    if (siblings) siblings.push(p);
    else children.set(p.ppid, [p]);
  }
  const members = new Map<number, number>(); // pid -> its root
  const trees = new Map<number, RawTree>();
  const rootSet = new Set(roots);
  for (const root of roots) {
    const processes: TreeProcess[] = [];
    const top = byPid.get(root);
    if (top && !top.zombie && !members.has(root)) {
      const queue = [top];
      for (let p = queue.shift(); p; p = queue.shift()) {
        members.set(p.pid, root);
        processes.push({ pid: p.pid, startTime: p.startTime, cpuTicks: p.cpuTicks, rssBytes: p.rssBytes });
        for (const child of children.get(p.pid) ?? [])
          if (!child.zombie && !rootSet.has(child.pid) && !members.has(child.pid)) queue.push(child);
      }
    }
    trees.set(root, { processes, sockets: [] });
  }
  return { trees, members };
}

/**
 * What ps and lsof run with: the C locale (ps's start time is strftime's `%c`, which
 * follows the locale), and the system's tool folders after the user's PATH, which an app
 * started from the Finder may not have (lsof is in /usr/sbin).
 */
export function toolEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const path = [env.PATH, '/usr/bin', '/bin', '/usr/sbin', '/sbin'].filter(Boolean).join(':');
  return { ...env, LC_ALL: 'C', PATH: path };
}
