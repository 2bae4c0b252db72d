/**
 * The PTY adapter (node-pty): the child sees a terminal, so it keeps its colours,
 * flushes each line at once and can be used interactively (a REPL, a debugger).
 * stdout and stderr arrive merged, as in any terminal.
 */
import { constants } from 'node:os';
import type { IPty } from 'node-pty';
import type { ExitStatus } from '../../../shared/model';
import { SpawnError, type ChildHandle, type SpawnRequest, type Spawner } from './spawner';

type NodePty = typeof import('node-pty');

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));

export class PtySpawner implements Spawner {
  readonly kind = 'pty' as const;

  constructor(private readonly pty: NodePty) {}

  spawn(request: SpawnRequest): ChildHandle {
    let term: IPty;
    try {
      // node-pty makes the child a session leader with the PTY as controlling terminal:
      // its process group id is its pid, like the pipe adapter's detached children.
      term = this.pty.spawn('/bin/sh', ['-c', request.command], {
        name: request.env.TERM ?? 'xterm-256color',
        cols: request.cols,
        rows: request.rows,
        cwd: request.cwd,
        env: request.env,
        encoding: null,
      });
    } catch (error) {
      throw new SpawnError(error instanceof Error ? error.message : String(error), undefined);
    }
    let exit: ExitStatus | null = null;
    let exitListener: ((exit: ExitStatus) => void) | null = null;
    let endListener: (() => void) | null = null;
    term.onExit(({ exitCode, signal }) => {
      exit = signal ? { kind: 'signal', signal: SIGNAL_NAMES.get(signal) ?? `signal ${signal}` } : { kind: 'code', code: exitCode };
      // node-pty delivers all output before the exit, and closes the terminal with it.
      exitListener?.(exit);
      endListener?.();
    });
    return {
      pid: term.pid,
      onData: (listener) => {
        term.onData((data) => listener('pty', typeof data === 'string' ? Buffer.from(data) : data));
      },
      onExit: (listener) => {
        exitListener = listener;
        if (exit) listener(exit);
      },
      onOutputEnd: (listener) => {
        endListener = listener;
        if (exit) listener();
      },
      write: (data) => {
        if (exit) return;
        term.write(typeof data === 'string' ? data : Buffer.from(data));
      },
      resize: (cols, rows) => {
        if (!exit) term.resize(cols, rows);
      },
      detachOutput: () => undefined,
      pauseOutput: () => term.pause(),
      resumeOutput: () => term.resume(),
    };
  }
}
