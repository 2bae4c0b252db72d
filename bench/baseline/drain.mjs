// The log-throughput baseline: the least a Node supervisor can do with a child's output.
//
// Usage: node drain.mjs pty|pipe COMMAND...
// Starts each COMMAND as `/bin/sh -c COMMAND` in its own process group (as Procdeck
// does), reads its output through the same kind of channel (node-pty, or a pipe), and
// writes every chunk to /dev/null. Exits when every child has exited and its output ended.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { openSync, writeSync } from 'node:fs';

const [mode, ...commands] = process.argv.slice(2);
const devNull = openSync('/dev/null', 'w');
const sink = (chunk) => void writeSync(devNull, chunk);
let open = commands.length;
const done = () => {
  if (--open === 0) process.exit(0);
};

for (const command of commands) {
  if (mode === 'pty') {
    const pty = createRequire(import.meta.url)('node-pty');
    const term = pty.spawn('/bin/sh', ['-c', command], { name: 'xterm-256color', cols: 120, rows: 30, env: process.env, encoding: null });
    term.onData(sink);
    term.onExit(done);
  } else {
    const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', sink);
    child.stderr.on('data', sink);
    child.on('close', done);
  }
}
