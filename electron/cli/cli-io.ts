/**
 * What a CLI command may touch of its process, passed in so commands stay testable and
 * only the entry point calls `process.exit`.
 */
export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Never throws; once stdout has failed it writes nothing (see `onOutputBroken`). */
  readonly out: (bytes: string | Uint8Array) => void;
  readonly err: (text: string) => void;
  readonly stdoutIsTty: boolean;
  readonly columns: number | undefined;
  /** Registers a handler for SIGINT/SIGTERM/SIGHUP; returns a remover. */
  readonly onSignal: (handler: (signal: NodeJS.Signals) => void) => () => void;
  /**
   * Registers a handler called once when stdout can no longer be written (EPIPE: the
   * reader went away, as `| head` does; EIO: the terminal closed); returns a remover.
   */
  readonly onOutputBroken: (handler: (code: string) => void) => () => void;
}

/** The exit code after stdout broke (sysexits.h EX_IOERR); README, "CLI". */
export const EXIT_OUTPUT_BROKEN = 74;

export function processIo(): CliIo {
  let broken: string | null = null;
  const brokenHandlers = new Set<(code: string) => void>();
  // Without a listener, an EPIPE on stdout is an uncaught exception: the host would die
  // and its children get the lifeline's one second instead of their grace period.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (broken !== null) return;
    broken = error.code ?? 'EIO';
    for (const handler of [...brokenHandlers]) handler(broken);
  });
  process.stderr.on('error', () => undefined);
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (bytes) => {
      if (broken === null && !process.stdout.destroyed) process.stdout.write(bytes);
    },
    err: (text) => {
      if (!process.stderr.destroyed) process.stderr.write(text);
    },
    stdoutIsTty: process.stdout.isTTY === true,
    columns: process.stdout.columns,
    onSignal: (handler) => {
      const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
      for (const s of signals) process.on(s, handler);
      return () => {
        for (const s of signals) process.off(s, handler);
      };
    },
    onOutputBroken: (handler) => {
      brokenHandlers.add(handler);
      if (broken !== null) handler(broken);
      return () => brokenHandlers.delete(handler);
    },
  };
}
