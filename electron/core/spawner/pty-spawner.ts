/**
 * The PTY adapter (node-pty): the child sees a terminal, so it keeps its colours,
 * flushes each line at once and can be used interactively (a REPL, a debugger).
 * stdout and stderr arrive merged, as in any terminal.
 */
import { closeSync, constants as fsConstants, openSync } from 'node:fs';
import { constants } from 'node:os';
import type { IPty } from 'node-pty';
import type { ExitStatus } from '../../../shared/model';
import { masterOpened, withoutLeakedMasters } from './leaked-masters';
import { shieldedCommand } from './pty-command';
import { ptyPendingInput } from './pty-pending-input';
import { SpawnError, type ChildHandle, type SpawnRequest, type Spawner } from './spawner';

type NodePty = typeof import('node-pty');

/** No output for this long after the child is gone: its output has been read. */
const QUIET_MS = 20;

const SIGNAL_NAMES = new Map(Object.entries(constants.signals).map(([name, number]) => [number, name]));

export class PtySpawner implements Spawner {
  readonly kind = 'pty' as const;

  constructor(private readonly pty: NodePty) {}

  spawn(request: SpawnRequest): ChildHandle {
    let term: IPty;
    // Without the other terminals' masters (node-pty leaves them inheritable: leaked-masters.ts).
    const { file, args } = withoutLeakedMasters('/bin/sh', [
      '-c',
      shieldedCommand(request.command, request.stopSignal),
    ]);
    try {
      // node-pty makes the child a session leader with the PTY as controlling terminal:
      // its process group id is its pid, like the pipe adapter's detached children. As the
      // terminal's controlling process its exit hangs up the terminal: see pty-command.ts.
      term = this.pty.spawn(file, args, {
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
    // node-pty reports the exit once it has closed the master (its socket's close comes first).
    const masterClosed = masterOpened();
    // Hold the terminal's slave side open ourselves. When the child exits, Linux may drop
    // what it wrote but we had not read yet if the slave closes at that moment (seen here:
    // the last ~2% of 100,000 lines, under load). With our descriptor open the data stays
    // readable; node-pty closes its end once the child is gone and its output drained
    // (or after its own 200 ms guard), and we close ours with it.
    let slave: number | null = null;
    const ptsName = (term as IPty & { readonly ptsName?: string }).ptsName;
    try {
      if (ptsName) slave = openSync(ptsName, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
    } catch {
      // Without it we lose only the protection, not the terminal.
    }
    const releaseSlave = () => {
      if (slave !== null) closeSync(slave);
      slave = null;
    };
    let lastData = performance.now();
    term.onData(() => (lastData = performance.now()));
    let exit: ExitStatus | null = null;
    let exitListener: ((exit: ExitStatus) => void) | null = null;
    let endListener: (() => void) | null = null;
    term.onExit(({ exitCode, signal }) => {
      masterClosed();
      releaseSlave();
      exit = signal
        ? { kind: 'signal', signal: SIGNAL_NAMES.get(signal) ?? `signal ${signal}` }
        : { kind: 'code', code: exitCode };
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
      pendingInput: () => ptyPendingInput(term),
      resize: (cols, rows) => {
        if (!exit) term.resize(cols, rows);
      },
      detachOutput: () => undefined,
      // The child is gone: once nothing has arrived for a moment, everything it wrote has
      // been read, and closing our slave lets node-pty report the exit now rather than
      // after its own 200 ms guard.
      leaderGone: () => {
        const check = () => {
          if (slave === null) return;
          if (performance.now() - lastData >= QUIET_MS) releaseSlave();
          else setTimeout(check, QUIET_MS);
        };
        check();
      },
    };
  }
}
