/**
 * What a CLI command may touch of its process, passed in so commands stay testable and
 * only the entry point calls `process.exit`.
 */
export interface CliIo {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly out: (bytes: string | Uint8Array) => void;
  readonly err: (text: string) => void;
  readonly stdoutIsTty: boolean;
  readonly columns: number | undefined;
  /** Registers a handler for SIGINT/SIGTERM/SIGHUP; returns a remover. */
  readonly onSignal: (handler: (signal: NodeJS.Signals) => void) => () => void;
}

export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (bytes) => {
      process.stdout.write(bytes);
    },
    err: (text) => {
      process.stderr.write(text);
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
  };
}
