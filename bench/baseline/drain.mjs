// The log-throughput baseline: the least a Node supervisor can do with a child's output.
//
// Usage: node drain.mjs pty|pipe [--to DIR] COMMAND...
// Starts each COMMAND as `/bin/sh -c COMMAND` in its own process group (as Procdeck
// does), reads its output through the same kind of channel (node-pty, or a pipe), and
// writes every chunk to /dev/null, or with --to DIR unchanged to DIR/<n>.out, one file per
// child (the like-for-like reference for a host whose output goes to a file; one file
// each, because raw chunks of several children would cut each other's lines). Exits when
// every child has exited and its output ended.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const [mode, ...rest] = process.argv.slice(2);
const toDir = rest[0] === '--to' ? rest[1] : null;
const commands = toDir ? rest.slice(2) : rest;
const devNull = openSync('/dev/null', 'w');
const sinkFor = (n) => {
  const fd = toDir ? openSync(join(toDir, `${n}.out`), 'w') : devNull;
  return (chunk) => {
    for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at);
  };
};
let open = commands.length;
const done = () => {
  if (--open === 0) process.exit(0);
};

for (const [n, command] of commands.entries()) {
  const sink = sinkFor(n);
  if (mode === 'pty') {
    const pty = createRequire(import.meta.url)('node-pty');
    const term = pty.spawn('/bin/sh', ['-c', command], {
      name: 'xterm-256color',
      cols: 120,
      rows: 30,
      env: process.env,
      encoding: null,
    });
    term.onData(sink);
    term.onExit(done);
  } else {
    const child = spawn('/bin/sh', ['-c', command], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', sink);
    child.stderr.on('data', sink);
    child.on('close', done);
  }
}
