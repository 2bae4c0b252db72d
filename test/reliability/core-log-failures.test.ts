/**
 * #28: the host's own log writes fail — a full disk, a log folder that cannot exist, a
 * log that is /dev/full. The host keeps running, every child keeps running and its output
 * keeps flowing to the views; the log that stopped is named once with the reason, and
 * it resumes (saying so) when writes succeed again.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisorEvent } from '../../electron/core/supervisor/supervisor';
import { procdeck } from '../support/cli';
import { startFormation, type TestFormation } from '../support/formation';

const TICKER = `node -e "let i = 0; setInterval(() => console.log('tick ' + ++i + ' ' + 'x'.repeat(200)), 10)"`;

const notices = (f: TestFormation, pattern: RegExp) =>
  f.events.filter(
    (e): e is Extract<SupervisorEvent, { event: 'notice' }> => e.event === 'notice' && pattern.test(e.payload.message),
  );

const pidOf = (f: TestFormation) => {
  const state = f.supervisor.runner('tick.1')?.snapshot().state;
  return state && 'pid' in state ? state.pid : undefined;
};

/** Output keeps arriving: `more` further ticks after now. */
async function keepsTicking(f: TestFormation, more: number): Promise<void> {
  const count = () => (f.output('tick.1').match(/tick \d+/g) ?? []).length;
  const target = count() + more;
  await f.waitFor('tick.1', () => count() >= target);
}

describe('#28 the log folder cannot be used', () => {
  it('#28 a --log-dir below a regular file (ENOTDIR): one notice, the child runs on, output flows', async () => {
    const base = mkdtempSync(join(tmpdir(), 'procdeck-logfail-'));
    writeFileSync(join(base, 'file'), '');
    const f = startFormation({ adapter: 'pipe', logDir: join(base, 'file', 'logs'), types: { tick: TICKER } });
    const stopped = await f.waitForEvent(
      (e) => e.event === 'notice' && /the log of tick\.1 stopped \(ENOTDIR/.test(e.payload.message),
    );
    expect(stopped.event === 'notice' && stopped.payload.message).toContain(join(base, 'file', 'logs'));
    const pid = pidOf(f);
    await keepsTicking(f, 150);
    expect(pidOf(f)).toBe(pid);
    expect(f.supervisor.runner('tick.1')?.snapshot().state.kind).toMatch(/starting|ready/);
    expect(notices(f, /the log of tick\.1 stopped/)).toHaveLength(1);
  });

  it('#28 procdeck start with an unusable --log-dir keeps running, says so once, and stops cleanly', async () => {
    const base = mkdtempSync(join(tmpdir(), 'procdeck-logfail-cli-'));
    writeFileSync(join(base, 'Procfile'), `tick: ${TICKER}\n`);
    writeFileSync(join(base, 'file'), '');
    const run = procdeck(['start', '--pipes', '-d', base, '--log-dir', join(base, 'file', 'logs')]);
    await run.waitForStdout(/the log of tick\.1 stopped \(ENOTDIR/);
    await run.waitForStdout(/tick 200 /);
    expect(run.stdout().match(/the log of tick\.1 stopped/g)).toHaveLength(1);
    run.child.kill('SIGINT');
    expect(await run.exited).toEqual({ code: 0, signal: null });
  });

  it('#28 a log that is /dev/full: stops once (ENOSPC), resumes when it is a file again, and says how much is missing', async () => {
    const logs = mkdtempSync(join(tmpdir(), 'procdeck-devfull-'));
    symlinkSync('/dev/full', join(logs, 'tick.1.stdout.log'));
    const f = startFormation({ adapter: 'pipe', logDir: logs, types: { tick: TICKER } });
    await f.waitForEvent((e) => e.event === 'notice' && /the log of tick\.1 stopped \(ENOSPC/.test(e.payload.message));
    const pid = pidOf(f);
    await keepsTicking(f, 20);
    rmSync(join(logs, 'tick.1.stdout.log'));
    const resumed = await f.waitForEvent(
      (e) =>
        e.event === 'notice' && /the log of tick\.1 resumed; \d+ byte\(s\) are missing from it/.test(e.payload.message),
    );
    expect(resumed.event === 'notice' && resumed.payload.level).toBe('info');
    await keepsTicking(f, 20);
    expect(pidOf(f)).toBe(pid);
    expect(readFileSync(join(logs, 'tick.1.stdout.log'), 'utf8')).toMatch(/^tick \d+ x+\n/);
    expect(notices(f, /stopped/)).toHaveLength(1);
  });
});

describe('#28 a full disk', () => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'procdeck-tinyfs-'));
  let mounted = false;
  let why = '';
  beforeAll(() => {
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'pipe' });
      mounted = true;
    } catch (error) {
      why = String((error as { stderr?: Buffer }).stderr ?? error).trim();
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', ['-l', mountPoint]);
  });

  it('#28 a 64 KiB tmpfs fills up: the log stops once (ENOSPC), the child runs on, and the log resumes once space is freed', async (context) => {
    if (!mounted) {
      context.skip(`mounting a tmpfs is not allowed here (${why}); the /dev/full case covers the failing write`);
      return;
    }
    const logs = join(mountPoint, 'logs');
    mkdirSync(logs);
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(40 * 1024));
    const f = startFormation({ adapter: 'pty', logDir: logs, types: { tick: TICKER } });
    await f.waitForEvent(
      (e) => e.event === 'notice' && /the log of tick\.1 stopped \(ENOSPC/.test(e.payload.message),
      20_000,
    );
    const pid = pidOf(f);
    await keepsTicking(f, 50);
    const before = readFileSync(join(logs, 'tick.1.log')).length;
    rmSync(join(mountPoint, 'filler'));
    await f.waitForEvent((e) => e.event === 'notice' && /the log of tick\.1 resumed/.test(e.payload.message));
    await keepsTicking(f, 20);
    expect(readFileSync(join(logs, 'tick.1.log')).length).toBeGreaterThan(before);
    expect(pidOf(f)).toBe(pid);
    expect(notices(f, /stopped/)).toHaveLength(1);
    await f.dispose();
  });
});
