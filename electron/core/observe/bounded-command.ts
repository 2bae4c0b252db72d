/**
 * Runs a system tool the observer reads (`ps`, `lsof`) bounded in time and in output: in a
 * process group of its own, killed as a group (SIGKILL) at the deadline or when its output
 * passes the cap, so a hung lsof (a stale network mount) or a runaway one never stalls the
 * ticks or fills memory. The answer is a value, never a throw: the caller decides what a
 * failure means.
 */
import { spawn } from 'node:child_process';

export interface CommandLimits {
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** The child's environment (its PATH also finds the command). */
  readonly env: NodeJS.ProcessEnv;
}

export type CommandResult =
  /** It ran to its end; `code` is null when a signal ended it (not one we sent). */
  | { readonly kind: 'exited'; readonly code: number | null; readonly stdout: string; readonly stderr: string }
  | { readonly kind: 'failed'; readonly reason: string };

/** What of stderr is kept for a message: the start says why; the rest is noise. */
const STDERR_KEPT = 1024;

export function runBounded(command: string, args: readonly string[], limits: CommandLimits): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: limits.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let ended: CommandResult | null = null;
    const finish = (result: CommandResult) => {
      if (ended) return;
      ended = result;
      clearTimeout(timer);
      killGroup(); // anything it left behind in its group goes with it
      resolve(result);
    };
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(
      () => finish({ kind: 'failed', reason: `\`${command}\` took over ${limits.timeoutMs} ms and was killed` }),
      limits.timeoutMs,
    );
    child.stdout.on('data', (chunk: Buffer) => {
      if (ended) return;
      outBytes += chunk.length;
      if (outBytes > limits.maxOutputBytes)
        finish({ kind: 'failed', reason: `\`${command}\` printed over ${limits.maxOutputBytes} bytes and was killed` });
      else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_KEPT) stderr = (stderr + chunk.toString('latin1')).slice(0, STDERR_KEPT);
    });
    child.once('error', (error: NodeJS.ErrnoException) =>
      finish({
        kind: 'failed',
        reason:
          error.code === 'ENOENT' ? `\`${command}\` was not found` : `\`${command}\` could not run: ${error.message}`,
      }),
    );
    // 'close': both pipes drained, so stdout is whole.
    child.once('close', (code) =>
      finish({ kind: 'exited', code, stdout: Buffer.concat(out).toString('latin1'), stderr: stderr.trim() }),
    );
  });
}
