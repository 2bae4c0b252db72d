/**
 * Ready when a command exits 0. It runs through `sh -c` in the instance's directory with the
 * instance's environment, in a process group of its own, so that at the attempt's timeout
 * the whole group (the command and anything it started) is killed, not just the shell.
 */
import { spawn } from 'node:child_process';
import type { Probe, ProbeAnswer, ProbeTarget } from './probe-types';

export function execProbe(command: string, target: Pick<ProbeTarget, 'cwd' | 'env'>): Probe {
  return {
    attempt(signal: AbortSignal): Promise<ProbeAnswer> {
      return new Promise((resolve) => {
        const child = spawn('/bin/sh', ['-c', command], {
          cwd: target.cwd,
          env: { ...target.env },
          detached: true,
          stdio: 'ignore',
        });
        const kill = (): void => {
          if (child.pid === undefined) return;
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
        };
        signal.addEventListener('abort', kill);
        child.once('error', (error) => {
          signal.removeEventListener('abort', kill);
          resolve({ passed: false, answer: `\`${command}\` could not run: ${error.message}` });
        });
        child.once('exit', (code, killedBy) => {
          signal.removeEventListener('abort', kill);
          kill(); // whatever it left in its group
          if (code === 0) resolve({ passed: true, answer: `\`${command}\` exited 0` });
          else if (signal.aborted) resolve({ passed: false, answer: `\`${command}\` timed out` });
          else resolve({ passed: false, answer: `\`${command}\` exited with ${code ?? killedBy}` });
        });
      });
    },
    close(): void {},
  };
}
