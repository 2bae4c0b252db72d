/**
 * Who holds a TCP port: the pre-spawn check that turns a child's EADDRINUSE into a
 * sentence naming the holder (pid, command, and whether it is another Procdeck formation's
 * instance). The LISTEN table is read once for every start asking in the same moment (a
 * formation of 50 starting together reads /proc/net/tcp once); only a port found taken
 * costs the walk over every process's fds that finds its holder.
 */
import { readdir, readFile, readlink, stat } from 'node:fs/promises';
import { eachAtMost } from '../process-tree/process-table';
import type { PortHolder } from './observation';
import { parseProcNetTcp, type ListenEntry } from './proc-net';
import { socketInodes } from './procfs-source';

const PROC = '/proc';

/** The holder of `port` in LISTEN state, or null when the port is free (or this is not Linux). */
export async function findPortHolder(port: number, proc = PROC): Promise<PortHolder | null> {
  const entry = (await listeningTable(proc)).find((e) => e.port === port);
  if (!entry) return null;
  const pid = await pidHolding(proc, entry.inode);
  if (pid === null) {
    return {
      port,
      address: entry.address,
      pid: null,
      command: '',
      procdeckInstance: null,
      directory: null,
      ours: false,
    };
  }
  const [command, environ, owner, directory] = await Promise.all([
    readFile(`${proc}/${pid}/cmdline`, 'utf8').catch(() => ''),
    readFile(`${proc}/${pid}/environ`, 'latin1').catch(() => ''),
    stat(`${proc}/${pid}`).then(
      (s) => s.uid,
      () => -1,
    ),
    readlink(`${proc}/${pid}/cwd`).catch(() => null),
  ]);
  const vars = environ.split('\0');
  const tagged = vars.some((v) => v.startsWith('PROCDECK_TAG='));
  const ps = vars.find((v) => v.startsWith('PS='))?.slice(3) ?? null;
  return {
    port,
    address: entry.address,
    pid,
    command: command.split('\0').filter(Boolean).join(' '),
    procdeckInstance: tagged ? ps : null,
    directory,
    ours: owner === process.getuid?.(),
  };
}

/** The sentence a start that cannot happen shows: what holds the port, and what the user can do. */
export function describeHolder(holder: PortHolder): string {
  const who =
    holder.pid === null
      ? 'a process this user cannot see'
      : `pid ${holder.pid}${holder.command ? ` (${truncate(holder.command, 80)})` : ''}`;
  const procdeck = holder.procdeckInstance
    ? `, ${holder.procdeckInstance} of the Procdeck formation in ${holder.directory ?? 'another folder'}`
    : '';
  return `PORT ${holder.port} is already taken by ${who}${procdeck}, listening on ${holder.address}; stop it or move this project's base port (-p)`;
}

/** The pre-spawn check: a sentence when the instance's PORT is taken, null when it is free or unset. */
export async function portProblem(env: Readonly<Record<string, string>>): Promise<string | null> {
  const port = Number(env.PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return null;
  const holder = await findPortHolder(port);
  return holder ? describeHolder(holder) : null;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

let inFlight: { proc: string; read: Promise<ListenEntry[]> } | null = null;

/** LISTEN rows of tcp and tcp6; callers asking while a read is in flight share it. */
function listeningTable(proc: string): Promise<ListenEntry[]> {
  if (inFlight?.proc === proc) return inFlight.read;
  const read = Promise.all(
    ['tcp', 'tcp6'].map((file) => readFile(`${proc}/net/${file}`, 'latin1').then(parseProcNetTcp, () => [])),
  ).then((tables) => tables.flat());
  const mine = { proc, read };
  inFlight = mine;
  void read.finally(() => {
    if (inFlight === mine) inFlight = null;
  });
  return read;
}

/** The first process found with the socket `inode` among its fds; null when none we can read has it. */
async function pidHolding(proc: string, inode: number): Promise<number | null> {
  let names: string[];
  try {
    names = await readdir(proc);
  } catch {
    return null;
  }
  const pids = names.filter((n) => /^\d+$/.test(n)).map(Number);
  let found: number | null = null;
  await eachAtMost(8, pids, async (pid) => {
    if (found !== null) return;
    if ((await socketInodes(proc, pid)).includes(inode)) found ??= pid;
  });
  return found;
}
