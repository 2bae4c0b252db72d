/**
 * The spawner port: the only way the supervisor starts a process.
 *
 * Adapters (PTY, pipes) start `/bin/sh -c <command>` as the leader of a new process
 * group and session, and report raw output bytes, the exit, and the end of output.
 * Output may keep arriving after `onExit` (a grandchild holding the pipe); `onOutputEnd`
 * says when it is over.
 */
import type { ExitStatus, OutputStream, SpawnerKind } from '../../../shared/model';

export interface SpawnRequest {
  readonly command: string;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly cols: number;
  readonly rows: number;
  /** The signal a stop sends first: an adapter may need to shield the command's shutdown from it (see the PTY adapter). */
  readonly stopSignal: NodeJS.Signals;
}

export interface ChildHandle {
  readonly pid: number;
  onData(listener: (stream: OutputStream, chunk: Uint8Array) => void): void;
  /** Fires once, when the process itself ends (not its grandchildren). */
  onExit(listener: (exit: ExitStatus) => void): void;
  /** Fires once, when every output stream has closed or was detached. */
  onOutputEnd(listener: () => void): void;
  write(data: string | Uint8Array): void;
  /** Bytes written but not yet taken by the child: what a child that never reads makes us hold. */
  pendingInput?(): number;
  resize(cols: number, rows: number): void;
  /** Stop reading: a descendant still holds the output open and we give up on it. */
  detachOutput(): void;
  /**
   * The process table shows the process gone, but its exit has not been reported yet (a
   * terminal still held open): let go of what holds it once the output has gone quiet.
   */
  leaderGone(): void;
}

export interface Spawner {
  readonly kind: SpawnerKind;
  /** Throws a `SpawnError` when the process cannot be created at all. */
  spawn(request: SpawnRequest): ChildHandle;
}

export class SpawnError extends Error {
  constructor(
    message: string,
    readonly errno: string | undefined,
  ) {
    super(message);
    this.name = 'SpawnError';
  }
}

export function exitFromNode(code: number | null, signal: NodeJS.Signals | null): ExitStatus {
  if (signal) return { kind: 'signal', signal };
  return { kind: 'code', code: code ?? 0 };
}
