/**
 * The pipe adapter: stdout and stderr kept apart, no terminal (execa).
 *
 * Output is always read as fast as it comes, whatever any view does: a child blocked
 * on a full pipe is a frozen server (reliability.md §3.1).
 */
import { execa } from 'execa';
import type { Readable } from 'node:stream';
import type { ExitStatus, OutputStream } from '../../../shared/model';
import { withoutLeakedMasters } from './leaked-masters';
import { exitFromNode, SpawnError, type ChildHandle, type SpawnRequest, type Spawner } from './spawner';

export class PipeSpawner implements Spawner {
  readonly kind = 'pipe' as const;

  spawn(request: SpawnRequest): ChildHandle {
    // Without the PTY instances' masters, should any be open in this process (leaked-masters.ts).
    const { file, args } = withoutLeakedMasters('/bin/sh', ['-c', request.command]);
    const child = execa(file, args, {
      cwd: request.cwd,
      env: request.env,
      extendEnv: false,
      // A new session and process group: the group is what stop signals, and the
      // terminal's Ctrl-C reaches Procdeck alone, which then stops children in order.
      detached: true,
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      buffer: false,
      encoding: 'buffer',
      stripFinalNewline: false,
      reject: false,
      cleanup: false,
      forceKillAfterDelay: false,
    });
    // Spawn failures surface through the promise (reject: false); nothing to do there.
    void child.catch(() => undefined);
    if (child.pid === undefined) throw new SpawnError('could not start /bin/sh', undefined);
    const stdout = child.stdout as Readable;
    const stderr = child.stderr as Readable;
    child.stdin?.on('error', () => undefined);

    const dataListeners: ((stream: OutputStream, chunk: Uint8Array) => void)[] = [];
    let exitListener: ((exit: ExitStatus) => void) | null = null;
    let exit: ExitStatus | null = null;
    let endListener: (() => void) | null = null;
    let openStreams = 2;
    let ended = false;
    const streamEnded = () => {
      openStreams--;
      if (openStreams === 0 && !ended) {
        ended = true;
        endListener?.();
      }
    };
    for (const [stream, readable] of [
      ['stdout', stdout],
      ['stderr', stderr],
    ] as const) {
      readable.on('data', (chunk: Buffer) => {
        for (const listener of dataListeners) listener(stream, chunk);
      });
      readable.once('close', streamEnded);
      readable.on('error', () => undefined);
    }
    child.once('exit', (code, signal) => {
      exit = exitFromNode(code, signal);
      exitListener?.(exit);
    });

    return {
      pid: child.pid,
      onData: (listener) => void dataListeners.push(listener),
      onExit: (listener) => {
        exitListener = listener;
        if (exit) listener(exit);
      },
      onOutputEnd: (listener) => {
        endListener = listener;
        if (ended) listener();
      },
      write: (data) => {
        if (child.stdin && !child.stdin.destroyed) child.stdin.write(data);
      },
      pendingInput: () => child.stdin?.writableLength ?? 0,
      resize: () => undefined,
      leaderGone: () => undefined,
      detachOutput: () => {
        stdout.destroy();
        stderr.destroy();
      },
    };
  }
}
