import { closeSync, constants, mkdtempSync, openSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inlineProcReads, workerProcReads, type ProcRead } from './proc-reads';
import { systemProcessTable } from './process-table';

const dir = mkdtempSync(join(tmpdir(), 'proc-reads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Bigger than the worker's first buffer (64 KiB): read whole, not cut at the buffer's end.
const big = 'x'.repeat(200_000) + 'END';
writeFileSync(join(dir, 'big'), big);
writeFileSync(join(dir, 'latin1'), Buffer.from([0x41, 0x00, 0xe9, 0xff]));
symlinkSync('socket:[4242]', join(dir, 'link'));

const batch: ProcRead[] = [
  { kind: 'file', path: join(dir, 'big') },
  { kind: 'file', path: join(dir, 'latin1') },
  { kind: 'file', path: '/proc/self/stat' },
  { kind: 'dir', path: dir },
  { kind: 'link', path: join(dir, 'link') },
  { kind: 'file', path: join(dir, 'missing') },
  { kind: 'dir', path: join(dir, 'big') },
  { kind: 'link', path: join(dir, 'big') },
];

describe.each([
  ['the worker thread', () => workerProcReads()],
  ['the in-process reads', () => inlineProcReads()],
])('%s', (_name, make) => {
  const reads = make();
  it('answers each read in order: text (latin1), names, a link target, null for what fails', async () => {
    if (!reads) throw new Error('no reader');
    const answers = await reads.read(batch);
    expect(answers[0]).toBe(big);
    expect(answers[1]).toBe('A\0\u00e9\u00ff');
    expect(answers[2]).toMatch(/^\d+ \(/);
    expect([...(answers[3] as string[])].sort()).toEqual(['big', 'latin1', 'link']);
    expect(answers[4]).toBe('socket:[4242]');
    expect(answers.slice(5)).toEqual([null, null, null]);
    expect(await reads.read([])).toEqual([]);
  });
});

describe('kept files (the worker keeps them open)', () => {
  const reads = workerProcReads();
  const read = async (path: string, keep: string) => (await reads?.read([{ kind: 'file', path, keep }]))?.[0];

  it('are read again from their start: each read sees the text as it is now', async () => {
    const path = join(dir, 'kept-in-place');
    writeFileSync(path, 'first text, longer');
    expect(await read(path, 'a')).toBe('first text, longer');
    writeFileSync(path, 'second'); // the same file, rewritten
    expect(await read(path, 'a')).toBe('second');
    expect(await read('/proc/self/stat', 'self')).toMatch(/^\d+ \(/);
  });

  it('are opened afresh when asked for under another keep (a new process behind the same path)', async () => {
    const path = join(dir, 'kept-replaced');
    writeFileSync(path, 'old process');
    expect(await read(path, 'pid:1')).toBe('old process');
    writeFileSync(`${path}.next`, 'new process');
    renameSync(`${path}.next`, path); // the kept fd still reads the old file
    expect(await read(path, 'pid:2')).toBe('new process');
  });

  it('answer null once the file is gone and cannot be opened again', async () => {
    const path = join(dir, 'kept-gone');
    writeFileSync(path, 'here');
    expect(await read(path, 'x')).toBe('here');
    rmSync(path);
    expect(await read(path, 'y')).toBeNull();
  });
});

it('a dead worker: the batches still out, and every one after, are read in-process', async () => {
  const dies = "process.getBuiltinModule('node:worker_threads').parentPort.on('message', () => process.exit(3));";
  const reads = workerProcReads(dies);
  if (!reads) throw new Error('no reader');
  expect((await reads.read(batch.slice(0, 2)))[1]).toBe('A\0\u00e9\u00ff');
  expect((await reads.read(batch.slice(4, 5)))[0]).toBe('socket:[4242]');
});

it('reads the table while every thread-pool thread is blocked (the log writes wait there, the reads do not)', async () => {
  // Each open of a FIFO without a writer holds one libuv thread until a writer comes.
  const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const fifos = Array.from({ length: threads }, (_, i) => join(dir, `fifo-${i}`));
  execFileSync('mkfifo', fifos);
  const { open } = await import('node:fs/promises');
  const held = fifos.map((path) => open(path, 'r').then((handle) => handle.close()));
  try {
    const scan = await systemProcessTable(workerProcReads() ?? undefined).scan([]);
    expect(scan.entries.some((e) => e.pid === process.pid)).toBe(true);
  } finally {
    // A writer for each FIFO: every blocked open returns, and the thread pool is free again.
    for (const path of fifos) closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    await Promise.all(held);
  }
});
