/**
 * The shell line the PTY adapter runs: the Procfile command, with its stop signal
 * deferred in the terminal's session leader until the command it waits for has ended.
 *
 * Why: under a PTY the instance's `/bin/sh` is the session leader and the terminal's
 * controlling process. A stop signals the whole process group; the shell, waiting for
 * its command, died of it at once, and a controlling process that exits makes the kernel
 * send SIGHUP to the terminal's foreground group — the command itself, still inside its
 * own SIGTERM handler. Node's default SIGHUP action then killed it mid-shutdown and its
 * last lines never reached the terminal or the log (issue 9, item 3). Pipes have no
 * controlling terminal, so the pipe adapter needs none of this.
 *
 * A trapped signal that arrives while the shell waits for a foreground command runs its
 * trap only after that command has completed (POSIX, "trap"); the trap then dies of the
 * same signal, so the exit status is what it was without the shield. A caught signal is
 * reset to its default in every program the shell starts, so the command sees the stop
 * signal exactly as before. The trap stays on the first line, so the shell's own
 * messages (`/bin/sh: 1: x: not found`) keep their line numbers.
 */

/** Signals a shell trap can defer: everything but the two no process can catch. */
export function shieldedCommand(command: string, stopSignal: NodeJS.Signals): string {
  if (stopSignal === 'SIGKILL' || stopSignal === 'SIGSTOP') return command;
  const name = stopSignal.replace(/^SIG/, '');
  if (!/^[A-Z0-9]+$/.test(name)) return command;
  return `trap 'trap - ${name}; kill -s ${name} $$' ${name}; ${command}`;
}
