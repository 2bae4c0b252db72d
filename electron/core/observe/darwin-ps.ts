/**
 * macOS's process table for the observer: one `ps` per tick, parsed here (pure,
 * table-tested). The columns and their formats are those of Apple's ps (adv_cmds,
 * ps/print.c), read from its source, not captured on a Mac (none here):
 *
 * - `rss`: resident size in KiB;
 * - `time`: user + system CPU as `%3ld:%02ld.%02ld`, minutes (unbounded), seconds,
 *   hundredths: so CPU comes in ticks of 1/100 s, like Linux's USER_HZ;
 * - `lstart`: the start time through strftime's `%c`, which follows the locale: ps runs
 *   with LC_ALL=C so it is always `Mon Mar  4 09:12:33 2024`; last, as it has spaces.
 *   With the pid it is the process's identity (a reused pid starts at another second).
 *
 * /bin/ps is the entitled build (rss and time are readable for every process); the command
 * name is left out: nothing here needs it, and it is the one column a process can fill
 * with anything.
 */
export const PS_ARGS = ['-A', '-o', 'pid=,ppid=,stat=,rss=,time=,lstart='] as const;

/** ps's `time` is in hundredths of a second. */
export const PS_TICKS_PER_SECOND = 100;

export interface DarwinProcess {
  readonly pid: number;
  readonly ppid: number;
  /** lstart: opaque, stable for the life of the process. */
  readonly startTime: string;
  /** Dead, only waiting to be reaped: not part of its tree any more. */
  readonly zombie: boolean;
  /** User + system, in ticks of 1/100 s. */
  readonly cpuTicks: number;
  readonly rssBytes: number;
}

export type PsParse =
  | { readonly ok: true; readonly processes: readonly DarwinProcess[] }
  /** Nothing readable: the line and text of the first line that was not. */
  | { readonly ok: false; readonly line: number; readonly text: string };

/** pid, ppid, stat, rss, time (m:ss.cc), lstart in the C locale (`Mon Mar  4 09:12:33 2024`, padded on the right). */
const ROW =
  /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\d+)\s+(\d+):([0-5]\d)\.(\d\d)\s+([A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4,})\s*$/;

/**
 * Every row of the output. A row that does not read is skipped (one odd process must not
 * blind the observer to the rest); output with no row that reads at all is a failure.
 */
export function parsePs(text: string): PsParse {
  const processes: DarwinProcess[] = [];
  let bad: { line: number; text: string } | null = null;
  const lines = text.split('\n');
  for (let at = 0; at < lines.length; at++) {
    const raw = lines[at] ?? '';
    if (raw.trim() === '') continue;
    const m = ROW.exec(raw);
    if (!m) {
      bad ??= { line: at + 1, text: raw };
      continue;
    }
    const [, pid = '', ppid = '', stat = '', rss = '', minutes = '', seconds = '', hundredths = '', started = ''] = m;
    processes.push({
      pid: Number(pid),
      ppid: Number(ppid),
      startTime: started,
      zombie: stat.startsWith('Z'),
      cpuTicks: (Number(minutes) * 60 + Number(seconds)) * PS_TICKS_PER_SECOND + Number(hundredths),
      rssBytes: Number(rss) * 1024,
    });
  }
  if (processes.length === 0 && bad) return { ok: false, ...bad };
  return { ok: true, processes };
}
