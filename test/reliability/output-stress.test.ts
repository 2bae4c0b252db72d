/**
 * Output under stress: floods, many streams, giant lines, binary, partial lines.
 * "Nothing lost" is checked in the store (the log files), which may never skip; views may.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import type { InstanceId } from '../../shared/model';
import { OutputPump } from '../../electron/host/output-pump';
import { BIN, procdeck } from '../support/cli';
import { FIXTURES, startFormation } from '../support/formation';
import { checkBigRecords, checkRecords } from '../support/records';

const tempDir = (name: string) => mkdtempSync(join(tmpdir(), `procdeck-${name}-`));

/** Wall time of `count` copies of `command` run at once by /bin/sh, output to /dev/null. */
async function baselineWallMs(command: string, count: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from(
      { length: count },
      (_, i) =>
        new Promise<void>((resolve, reject) => {
          const child = spawn('/bin/sh', ['-c', `${command} > /dev/null`], {
            cwd: FIXTURES,
            env: { ...process.env, PS: `flood.${i + 1}` },
          });
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`baseline exited ${code}`))));
        }),
    ),
  );
  return performance.now() - started;
}

describe('output under stress', () => {
  it('#7 a 1 GiB flood from 4 instances: nothing lost in the store, bounded memory, never held back by a view, slow views skip with a marked gap', async () => {
    const records = 262_144; // 1 KiB each: 256 MiB per instance, 1 GiB in all
    const command = `node ${FIXTURES}big-records.mjs ${records}`;
    const baseline = await baselineWallMs(command, 4);

    const logDir = tempDir('flood');
    const f = startFormation(
      { adapter: 'pipe', types: { flood: command }, scale: { flood: 4 }, logDir, keepOutput: false },
      false,
    );
    const ringOf = (id: InstanceId) => f.supervisor.runner(id)?.ring ?? null;
    // A frozen view (never acknowledges) of flood.1 and flood.2, and a slow one of flood.3.
    const frozen = new OutputPump(() => {}, ringOf);
    const gaps: EventMessage[] = [];
    let slowBytes = 0;
    let lastEnd = -1;
    let unmarkedJumps = 0;
    const slow: OutputPump = new OutputPump((message) => {
      if (message.event === 'output-gap') {
        gaps.push(message);
        lastEnd = message.payload.resumeAt;
      }
      if (message.event !== 'output') return;
      const { offset, data, instance } = message.payload;
      if (lastEnd >= 0 && offset !== lastEnd) unmarkedJumps++;
      lastEnd = offset + data.byteLength;
      slowBytes += data.byteLength;
      setTimeout(() => slow.ack(instance, data.byteLength), 30);
    }, ringOf);
    f.supervisor.onOutput((id) => {
      frozen.notify(id);
      slow.notify(id);
    });
    frozen.subscribe(['flood.1', 'flood.2']);
    slow.subscribe(['flood.3']);
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    const started = performance.now();
    f.supervisor.start({ scope: 'all' });
    // If a view could hold a child back, the frozen one would stall flood.1 forever.
    for (let i = 1; i <= 4; i++) await f.waitFor(`flood.${i}` as InstanceId, 'exited', 120_000);
    const wall = performance.now() - started;
    clearInterval(sampler);
    frozen.dispose();
    slow.dispose();
    await f.supervisor.dispose();

    const growthMiB = (rssPeak - rssBefore) / 2 ** 20;
    process.stdout.write(
      `flood: 1 GiB through Procdeck (store on, 3 views) in ${Math.round(wall)} ms vs ${Math.round(baseline)} ms to /dev/null ` +
        `(ratio ${(wall / baseline).toFixed(2)}); host RSS grew ${growthMiB.toFixed(0)} MiB; the slow view got ` +
        `${(slowBytes / 2 ** 20).toFixed(1)} MiB and ${gaps.length} gap marks\n`,
    );
    for (let i = 1; i <= 4; i++) {
      expect(
        checkBigRecords(readFileSync(join(logDir, `flood.${i}.stdout.log`)), `flood.${i}`, records).problems,
      ).toEqual([]);
    }
    // Memory follows the buffers (1 MiB ring per instance), not the gigabyte: cap 128 MiB of growth.
    expect(growthMiB).toBeLessThan(128);
    expect(gaps.length).toBeGreaterThan(0);
    expect(unmarkedJumps).toBe(0);
    // Two cores shared by four writers and the host: the host's own reading and storing costs the
    // children CPU (see docs/benchmarks.md). This bound only catches a pathological slowdown.
    expect(wall / baseline).toBeLessThan(4);
  }, 240_000);

  it('#8 20 instances × 10,000 records on stdout and stderr at once: nothing lost, order and stream tags kept', async () => {
    const logDir = tempDir('streams');
    const f = startFormation({
      adapter: 'pipe',
      types: { rec: `node ${FIXTURES}records.mjs 10000 both` },
      scale: { rec: 20 },
      logDir,
    });
    for (let i = 1; i <= 20; i++) await f.waitFor(`rec.${i}` as InstanceId, 'exited', 60_000);
    for (let i = 1; i <= 20; i++) {
      const id = `rec.${i}` as InstanceId;
      for (const stream of ['stdout', 'stderr']) {
        expect(
          checkRecords(readFileSync(join(logDir, `${id}.${stream}.log`)), id, stream, 10_000).problems,
          `${id} ${stream} in the store`,
        ).toEqual([]);
        expect(
          checkRecords(f.outputBytes(id, stream), id, stream, 10_000).problems,
          `${id} ${stream} as delivered`,
        ).toEqual([]);
      }
    }
  }, 120_000);

  it('#9 one 100 MB line without a newline, then `echo after`: no crash, bounded memory, every byte kept', async () => {
    const logDir = tempDir('giant');
    const f = startFormation(
      {
        adapter: 'pipe',
        types: { giant: `head -c 100000000 /dev/zero | tr '\\0' a; echo after` },
        logDir,
        ringBytes: 1024 * 1024,
        keepOutput: false,
      },
      false,
    );
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
    f.supervisor.start({ scope: 'all' });
    await f.waitFor('giant.1', 'exited', 60_000);
    clearInterval(sampler);
    await f.supervisor.dispose();
    const file = join(logDir, 'giant.1.stdout.log');
    expect(statSync(file).size).toBe(100_000_006);
    const stored = readFileSync(file);
    expect(stored.subarray(-12).toString()).toBe('aaaaaaafter\n');
    expect(stored.indexOf('after')).toBe(100_000_000);
    expect((rssPeak - rssBefore) / 2 ** 20).toBeLessThan(128);
    const ring = f.supervisor.runner('giant.1')?.ring;
    expect(ring && ring.end - ring.start).toBeLessThanOrEqual(1024 * 1024);
  }, 120_000);

  it('#9 the CLI prints the 100 MB line whole, in bounded memory, with `after` intact', async () => {
    const dir = tempDir('giant-cli');
    writeFileSync(join(dir, 'Procfile'), `giant: head -c 100000000 /dev/zero | tr '\\0' a; echo after\n`);
    const out = join(dir, 'out.txt');
    const peak = await new Promise<number>((resolve, reject) => {
      const child = spawn(
        '/bin/sh',
        ['-c', `exec "${process.execPath}" "${BIN}" start --no-timestamp --pipes -d "${dir}" > "${out}"`],
        {
          env: { ...process.env, NO_COLOR: '1' },
        },
      );
      let hwm = 0;
      const timer = setInterval(() => {
        try {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          hwm = Math.max(hwm, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
        } catch {
          // exited
        }
      }, 50);
      child.on('exit', (code) => {
        clearInterval(timer);
        if (code === 0) resolve(hwm / 1024);
        else reject(new Error(`procdeck exited ${code}`));
      });
    });
    const text = readFileSync(out, 'latin1');
    const line = /giant\.1 \| (a+after)\n/.exec(text);
    expect(line?.[1]?.length).toBe(100_000_005);
    expect(peak).toBeLessThan(200);
  }, 120_000);

  it('#10 binary output and broken UTF-8: no crash, stored bytes equal what the child wrote, text decodes across chunk boundaries', async () => {
    const logDir = tempDir('binary');
    const copy = join(logDir, 'written.bin');
    const rocket = Buffer.from('Malmö 🚀');
    const splits = Array.from({ length: rocket.length - 1 }, (_, k) => {
      const hex = (b: Buffer) => [...b].map((x) => `\\${x.toString(8).padStart(3, '0')}`).join('');
      return `printf '${hex(rocket.subarray(0, k + 1))}'; sleep 0.02; printf '${hex(rocket.subarray(k + 1))}\\n'`;
    });
    const f = startFormation({
      adapter: 'pipe',
      types: {
        random: `head -c 2000000 /dev/urandom | tee ${copy}; printf '\\210 lone\\n'`,
        split: splits.join('; '),
      },
      logDir,
    });
    await f.waitFor('random.1', 'exited', 30_000);
    await f.waitFor('split.1', 'exited', 30_000);
    await f.supervisor.dispose();
    const stored = readFileSync(join(logDir, 'random.1.stdout.log'));
    const written = Buffer.concat([readFileSync(copy), Buffer.from([0o210]), Buffer.from(' lone\n')]);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(createHash('sha256').update(written).digest('hex'));
    // Decoded as a stream, the split characters come out whole every time…
    const text = new TextDecoder().decode(f.outputBytes('split.1'));
    expect(text.split('\n').filter(Boolean)).toEqual(Array.from({ length: rocket.length - 1 }, () => 'Malmö 🚀'));
    // …and an invalid byte becomes U+FFFD.
    const tail = new TextDecoder().decode(f.outputBytes('random.1').subarray(-7));
    expect(tail).toBe('\ufffd lone\n');
  }, 60_000);

  it('#10 the CLI passes split UTF-8 through whole', async () => {
    const dir = tempDir('split-cli');
    writeFileSync(
      join(dir, 'Procfile'),
      `split: printf 'Malm\\303'; sleep 0.3; printf '\\266 \\360\\237'; sleep 0.3; printf '\\232\\200\\n'\n`,
    );
    const run = procdeck(['start', '--no-timestamp', '--pipes', '-d', dir]);
    await run.exited;
    expect(run.stdout()).toMatch(/split\.1 \| Malmö 🚀\n/);
    expect(run.stdout()).not.toContain('\ufffd');
  });

  it('#12 a partial line shows promptly and is completed without duplication; a final fragment appears once', async () => {
    const dir = tempDir('partial');
    writeFileSync(join(dir, 'Procfile'), `slow: printf partial; sleep 2; printf ' done\\n'; printf 'final fragment'\n`);
    const run = procdeck(['start', '--no-timestamp', '-d', dir]);
    const started = performance.now();
    await run.waitForStdout('slow.1 | partial');
    expect(performance.now() - started).toBeLessThan(1900);
    await run.exited;
    expect(run.stdout().match(/partial/g)).toHaveLength(1);
    expect(run.stdout()).toMatch(/slow\.1 \| partial done\n/);
    expect(run.stdout().match(/slow\.1 \| final fragment\n/g)).toHaveLength(1);
  });
});
