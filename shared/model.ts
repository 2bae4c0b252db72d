/**
 * The domain as every layer sees it: process types, instances, their states, crashes.
 *
 * Types only (plus tiny pure helpers): this file is shared by the Node core, the
 * Electron shell and the browser renderer, so it may not import anything.
 */

/** An instance's name: the process type, a dot, the 1-based instance number (`web.2`). */
export type InstanceId = `${string}.${number}`;

/** How a process ended: an exit code, or the signal that killed it. */
export type ExitStatus =
  { readonly kind: 'code'; readonly code: number } | { readonly kind: 'signal'; readonly signal: string };

/**
 * One instance's lifecycle. Each variant carries the data that is true in it, and
 * nothing else; times are wall-clock milliseconds since the epoch, for display only
 * (the core schedules with a monotonic clock).
 */
export type InstanceState =
  /** Defined by the formation, never started in this session. */
  | { readonly kind: 'idle' }
  /**
   * Wanted up, not spawned yet: an instance of a type it starts `after` is not ready. `for`
   * names the instances it waits for; `reason` says what they lack (`not listening on 5100 yet`,
   * `db has scale 0`, `db.1 failed to start`).
   */
  | {
      readonly kind: 'waiting';
      readonly for: readonly InstanceId[];
      readonly since: number;
      readonly reason: string;
    }
  /**
   * Spawned, not ready yet; counts as a failed start if it exits before the start window ends.
   * `answer`: the readiness probe's last answer (`not listening on 5100 yet`), once it gave one.
   */
  | { readonly kind: 'starting'; readonly pid: number; readonly since: number; readonly answer?: string }
  /**
   * Up and found ready at `at` (its readiness check passed, or the start window ended);
   * `answer`: what the check said when it passed (`listening on 5100`).
   */
  | {
      readonly kind: 'ready';
      readonly pid: number;
      readonly since: number;
      readonly at: number;
      readonly answer?: string;
    }
  /** The stop signal went to its process group; SIGKILL follows at `deadline`. */
  | {
      readonly kind: 'stopping';
      readonly pid: number;
      readonly since: number;
      readonly deadline: number;
      readonly escalated: boolean;
    }
  /** Stopped because somebody asked. */
  | { readonly kind: 'stopped'; readonly at: number; readonly exit: ExitStatus | null }
  /** Ended on its own with exit code 0. */
  | { readonly kind: 'exited'; readonly at: number; readonly exit: ExitStatus; readonly uptimeMs: number }
  /** Ended on its own with a non-zero code or a signal nobody sent. */
  | { readonly kind: 'crashed'; readonly at: number; readonly exit: ExitStatus; readonly uptimeMs: number }
  /** Waiting to be restarted by the restart policy. */
  | { readonly kind: 'backoff'; readonly until: number; readonly attempt: number; readonly exit: ExitStatus }
  /** Too many failed starts in a row: no more automatic restarts until asked. */
  | { readonly kind: 'crash-loop'; readonly at: number; readonly failures: number; readonly exit: ExitStatus }
  /** Could not be started at all (missing directory, command not found, not executable). */
  | { readonly kind: 'failed'; readonly at: number; readonly reason: string; readonly exit: ExitStatus | null };

export type InstanceStateKind = InstanceState['kind'];

/** What happens when an instance exits on its own. */
export type ExitPolicy =
  /** Foreman's behaviour: any exit stops the whole formation. */
  | 'stop-all'
  /** Show it as exited or crashed, leave the rest running. */
  | 'keep'
  /** Restart it with exponential backoff; a crash loop pauses it. */
  | 'restart';

export const EXIT_POLICIES: readonly ExitPolicy[] = ['stop-all', 'keep', 'restart'];

export type SpawnerKind = 'pty' | 'pipe';

/** Which stream a chunk of output came from. A PTY merges stdout and stderr. */
export type OutputStream = 'pty' | 'stdout' | 'stderr';

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly file: string;
  /** 1-based; 0 when the problem is the file as a whole. */
  readonly line: number;
  /** 1-based, where the file's format has columns (procdeck.yaml); absent otherwise. */
  readonly column?: number;
  readonly message: string;
}

/** What is kept of one crash: enough to understand it without the terminal. */
export interface CrashRecord {
  readonly instance: InstanceId;
  readonly at: number;
  readonly exit: ExitStatus;
  readonly uptimeMs: number;
  readonly command: string;
  /** The last lines of output before the crash, control sequences removed. */
  readonly lastLines: readonly string[];
  /** How many times this slot had been started before, this run included. */
  readonly run: number;
}

export interface ProcessTypeSnapshot {
  readonly name: string;
  readonly command: string;
  /** Position in the Procfile (0-based); fixes the port block. */
  readonly index: number;
  /** The Procfile line it was read from. */
  readonly line: number;
  /** How many instances the formation asks for. */
  readonly scale: number;
  readonly policy: ExitPolicy;
  /** PORT of instance 1; instance n gets basePort + n - 1. */
  readonly basePort: number;
  // Readiness (issue 11): procdeck.yaml's start order, for the dashboard's "dependency down" mark.
  /** The types every instance of which must be ready before this type starts; absent: none. */
  readonly after?: readonly string[];
  /** `cascade`: a dependency that restarts takes this type back to waiting; absent: `independent`. */
  readonly restart?: 'independent' | 'cascade';
}

export interface InstanceSnapshot {
  readonly id: InstanceId;
  readonly type: string;
  readonly index: number;
  readonly port: number;
  readonly state: InstanceState;
  /** Starts after the first one (manual and automatic). */
  readonly restarts: number;
  readonly crashes: readonly CrashRecord[];
  /** Descendants that survived their group's SIGKILL (escaped with setsid and unkillable). */
  readonly escaped: readonly number[];
}

export interface ProjectSnapshot {
  readonly dir: string;
  readonly name: string;
  /** Absolute path of the Procfile in use. */
  readonly procfile: string;
  /** File names of the Procfile variants found in `dir` (`Procfile`, `Procfile.dev`, …). */
  readonly procfiles: readonly string[];
  readonly envFiles: readonly string[];
  readonly spawner: SpawnerKind;
  readonly graceMs: number;
  readonly types: readonly ProcessTypeSnapshot[];
  readonly instances: readonly InstanceSnapshot[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface Notice {
  readonly level: 'info' | 'warning' | 'error';
  readonly message: string;
  readonly at: number;
  readonly instance?: InstanceId;
}

/** Formats `web` + 2 as `web.2`. */
export function instanceId(type: string, index: number): InstanceId {
  return `${type}.${index}`;
}

/** Splits `web.2` into its type and number; null for anything else. */
export function parseInstanceId(id: string): { type: string; index: number } | null {
  const dot = id.lastIndexOf('.');
  if (dot <= 0) return null;
  const digits = id.slice(dot + 1);
  if (!/^[1-9][0-9]{0,5}$/.test(digits)) return null;
  return { type: id.slice(0, dot), index: Number(digits) };
}

/** Human words for an exit: `code 3`, `SIGKILL`. */
export function describeExit(exit: ExitStatus): string {
  return exit.kind === 'code' ? `code ${exit.code}` : exit.signal;
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
