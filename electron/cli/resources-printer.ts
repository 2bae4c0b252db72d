/**
 * `procdeck start` prints what each instance costs on demand: the key `r` when stdin is a
 * terminal, SIGUSR2 otherwise (`kill -USR2 <pid>`). Nothing is sampled until asked: a
 * request watches every live instance for two ticks of the host's observer (CPU needs two
 * reads), prints one table, and lets go again.
 *
 * In a terminal stdin goes raw to see the key at once, so the keys that would have sent a
 * signal are turned back into those signals (Ctrl-C is still Ctrl-C).
 */
import type { InstanceResources, ObservationsEvent } from '../../shared/contract';
import { parseInstanceId } from '../../shared/model';
import { feedObservations, type ObservedFormation } from '../core/observe/instance-feed';
import type { Observer } from '../core/observe/observation';

export const RESOURCES_KEY = 'r';
export const RESOURCES_SIGNAL = 'SIGUSR2';

export interface ResourcesPrinterOptions {
  readonly formation: ObservedFormation;
  readonly observer: Observer;
  /** Prints one line of the table (Procdeck's own line in the merged log). */
  readonly line: (text: string) => void;
  /** The terminal to read the key from; null when stdin is not a terminal. */
  readonly tty: NodeJS.ReadStream | null;
}

/** Installs the key and the signal; returns the uninstall. */
export function installResourcesPrinter(options: ResourcesPrinterOptions): () => void {
  let pending = false;
  const request = () => {
    if (pending) return;
    pending = true;
    let ticks = 0;
    const feed = feedObservations(options.formation, options.observer, (payload) => {
      if (++ticks < 2) return;
      feed.close();
      pending = false;
      for (const text of resourcesTable(payload, new Date())) options.line(text);
    });
  };
  process.on(RESOURCES_SIGNAL, request);
  const tty = options.tty;
  const onKey = (data: Buffer) => {
    for (const byte of data) {
      const signal = TERMINAL_SIGNALS[byte];
      if (signal) process.kill(process.pid, signal);
      else if (String.fromCharCode(byte).toLowerCase() === RESOURCES_KEY) request();
    }
  };
  if (tty) {
    tty.setRawMode(true);
    tty.on('data', onKey);
    tty.resume();
  }
  return () => {
    process.off(RESOURCES_SIGNAL, request);
    if (tty) {
      tty.off('data', onKey);
      tty.setRawMode(false);
      tty.pause();
    }
  };
}

/** The keys a cooked terminal turns into signals (ISIG): Ctrl-C, Ctrl-\. */
const TERMINAL_SIGNALS: Readonly<Record<number, NodeJS.Signals>> = { 0x03: 'SIGINT', 0x1c: 'SIGQUIT' };

/** The table: one row per live instance, then one total per type, widths fitted to the cells. */
export function resourcesTable(payload: ObservationsEvent, at: Date): string[] {
  const rows = [...payload.instances].sort((a, b) => a.instance.localeCompare(b.instance, 'en', { numeric: true }));
  if (rows.length === 0) return ['resources: no process is running'];
  const byType = new Map<string, InstanceResources[]>();
  for (const r of rows) {
    const type = parseInstanceId(r.instance)?.type ?? r.instance;
    byType.set(type, [...(byType.get(type) ?? []), r]);
  }
  const cells: string[][] = [['', 'CPU', 'memory', 'processes', 'ports']];
  for (const r of rows)
    cells.push([
      r.instance,
      percent(r.cpuPercent),
      mebibytes(r.rssBytes),
      String(r.processes),
      [...new Set(r.sockets.map((s) => s.port))].join(' ') || '—',
    ]);
  for (const [type, members] of byType) {
    if (members.length < 2) continue;
    const sum = (f: (r: InstanceResources) => number) => members.reduce((total, r) => total + f(r), 0);
    cells.push([
      `${type} (${members.length})`,
      percent(sum((r) => r.cpuPercent)),
      mebibytes(sum((r) => r.rssBytes)),
      String(sum((r) => r.processes)),
      '',
    ]);
  }
  const widths = cells[0]?.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length))) ?? [];
  const time = at.toTimeString().slice(0, 8);
  return [
    `resources at ${time} (CPU of one core over the last second; memory resident, summed over each process tree)`,
    ...cells.map((row) =>
      row
        .map((cell, column) =>
          column === 0 || column === 4 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    ),
  ];
}

function percent(value: number): string {
  return `${value.toFixed(1)} %`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
