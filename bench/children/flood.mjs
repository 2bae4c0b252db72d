// A child that writes numbered 80-byte lines as fast as its stdout takes them.
//
// Usage: node flood.mjs LINES [ID] [--then-sleep] [--barrier N] [--wait-for FILE]
// Each line is `#BENCH:<id>:<seq>:` padded with dots to 79 bytes, then "\n"; seq counts
// from 0, so a counter can tell lost, doubled or reordered lines apart. Lines are built in
// blocks of 1024 (80 KiB) from one template, rewriting only the digits: the child must be
// faster than anything that reads it. stdout writes are synchronous for pipes, TTYs and
// files on Linux, so a slow reader slows this child, as it would a real one.
// With BENCH_CHILD_TIMES=path the child appends `<id> <start ms> <end ms>` (epoch, float)
// when done; with --then-sleep it stays alive (idle) afterwards until signalled; with
// --barrier N it exits only once N children have written that file (so that a host that
// stops everything when one process exits, as Foreman does, cannot cut the others short);
// with --wait-for FILE it starts writing only once FILE exists (a view is attached).
import { appendFileSync, existsSync, readFileSync, writeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';

const LINE = 80;
const BLOCK = 1024;
const total = Number(process.argv[2] ?? 1000);
const id = (process.argv[3] ?? 'a').slice(0, 8);
const thenSleep = process.argv.includes('--then-sleep');
const barrierAt = process.argv.indexOf('--barrier');
const barrier = barrierAt > 0 ? Number(process.argv[barrierAt + 1]) : 0;
const waitForAt = process.argv.indexOf('--wait-for');
if (waitForAt > 0) {
  const deadline = Date.now() + 120_000;
  while (!existsSync(process.argv[waitForAt + 1]) && Date.now() < deadline) pause(5);
}

const head = `#BENCH:${id}:`;
const digitsAt = head.length;
const DIGITS = 9;
const template = Buffer.alloc(LINE * BLOCK, 0x2e); // '.'
for (let i = 0; i < BLOCK; i++) {
  template.write(head, i * LINE, 'latin1');
  template[i * LINE + digitsAt + DIGITS] = 0x3a; // ':'
  template[i * LINE + LINE - 1] = 0x0a;
}

const start = performance.timeOrigin + performance.now();
let written = 0;
while (written < total) {
  const n = Math.min(BLOCK, total - written);
  for (let i = 0; i < n; i++) {
    let seq = written + i;
    const at = i * LINE + digitsAt;
    for (let d = DIGITS - 1; d >= 0; d--) {
      template[at + d] = 0x30 + (seq % 10);
      seq = Math.floor(seq / 10);
    }
  }
  writeAll(template.subarray(0, n * LINE));
  written += n;
}
const end = performance.timeOrigin + performance.now();
if (process.env.BENCH_CHILD_TIMES) appendFileSync(process.env.BENCH_CHILD_TIMES, `${id} ${start} ${end}\n`);
if (thenSleep) setInterval(() => {}, 60_000);
else if (barrier > 1 && process.env.BENCH_CHILD_TIMES) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && readFileSync(process.env.BENCH_CHILD_TIMES, 'latin1').split('\n').length <= barrier)
    pause(2);
}

/** writeSync to fd 1, retrying partial writes and EAGAIN (a non-blocking pipe). */
function writeAll(bytes) {
  let off = 0;
  while (off < bytes.length) {
    try {
      off += writeSync(1, bytes, off, bytes.length - off);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      pause(1);
    }
  }
}

function pause(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
