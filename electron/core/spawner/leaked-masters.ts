/**
 * Keeps the terminals' master fds out of the children we start later.
 *
 * node-pty 1.1.0 on Linux opens each terminal with forkpty(3) in this process and never
 * marks the master fd close-on-exec (src/unix/pty.cc), so every child started while a PTY
 * instance runs, pipe or PTY, inherits that instance's master (seen here: `ls -l
 * /proc/self/fd` in a later child shows `/dev/ptmx`). A child holding it keeps a crashed
 * instance's terminal allocated for as long as it lives, and can read another instance's
 * output or type into its terminal. (node-pty's main branch now closes inherited fds in
 * its PTY children, after 1.1.0; a pipe child would still inherit the master.)
 *
 * Node cannot set FD_CLOEXEC, and dash (/bin/sh on Debian) cannot name an fd above 9 in
 * a redirection, so the child closes them itself: while a master is open, a child starts
 * as `bash --posix -c PROLOGUE` that closes every fd above 2 that is a PTY master (`-ef
 * /dev/ptmx`: the same file as the multiplexer) and then execs the real command, same
 * pid, same session and group. The editor a click on a path starts goes the same way
 * (host/editor/editor-launch.ts). It costs about 1.5 ms per spawn, and only while a PTY is
 * open. Where it does not apply, children start as before:
 *
 * - macOS: node-pty 1.1.0 spawns terminals with POSIX_SPAWN_CLOEXEC_DEFAULT (no fd of
 *   ours reaches a PTY child), and libuv is said to spawn pipe children the same way;
 *   the master has no FD_CLOEXEC there either, and there is no /proc to read fds from.
 *   Not checked on a Mac here;
 * - no /bin/bash (Alpine): the masters still leak, as before.
 *
 * bash must read no start-up file: `--posix` keeps it from $BASH_ENV, and `--norc` from
 * ~/.bashrc, which Debian's bash reads even with `-c` when stdin is a socket (it takes
 * that for rshd; the pipe adapter's stdin is a socketpair). The one trace it leaves is
 * SHLVL=0 in an environment that had no SHLVL (bash's exec sets it).
 */
import { existsSync } from 'node:fs';

const BASH = '/bin/bash';

const PROLOGUE =
  'for f in /proc/$$/fd/*; do n=${f##*/}; [ "$n" -gt 2 ] && [ "$f" -ef /dev/ptmx ] && eval "exec $n>&-"; done; exec "$@"';

let openMasters = 0;

/** Called when a terminal is opened; the returned function when its master is closed (once; later calls do nothing). */
export function masterOpened(): () => void {
  openMasters++;
  let closed = false;
  return () => {
    if (closed) return;
    closed = true;
    openMasters--;
  };
}

let hasBash: boolean | null = null;

/**
 * The program and arguments that start `file args` with no inherited PTY master: through
 * the bash prologue while a master is open on Linux, else unchanged.
 */
export function withoutLeakedMasters(
  file: string,
  args: readonly string[],
  platform: NodeJS.Platform = process.platform,
): { file: string; args: string[] } {
  hasBash ??= existsSync(BASH);
  if (openMasters === 0 || platform !== 'linux' || !hasBash) return { file, args: [...args] };
  return { file: BASH, args: ['--noprofile', '--norc', '--posix', '-c', PROLOGUE, 'procdeck-fds', file, ...args] };
}
