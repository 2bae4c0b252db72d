/**
 * `procdeck export` as a user meets it: what it prints, the exit code 2 for bad input
 * with a message naming the problem, and re-exports that replace only Procdeck's files.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { procdeckDone } from '../support/cli';
import { FIXTURE, exportFixture, filesIn, fixtureCopy } from './export-fixture';

function project(procfile: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-export-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'Procfile'), procfile);
  return dir;
}

describe('procdeck export', () => {
  it('prints what it wrote and how to install it', async () => {
    const { root, project: dir } = fixtureCopy();
    const stdout = await exportFixture('systemd', dir, join(root, 'units'));
    expect(stdout).toContain('systemd: fixture (web=2,worker=3,clock_1=1)');
    expect(stdout).toMatch(/wrote .*units\/fixture-web\.1\.service/);
    expect(stdout).toMatch(/sudo systemctl enable --now fixture\.target/);
  });

  it('takes -p, -e, -a and -t as Foreman does', async () => {
    const { root, project: dir } = fixtureCopy();
    const extra = join(root, 'extra.env');
    writeFileSync(extra, 'GREETING=from the second file\n');
    const out = join(root, 'agents');
    await exportFixture('launchd', dir, out, ['-p', '6000', '-e', `${dir}/.env,${extra}`, '-a', 'shop', '-t', '12']);
    const job = readFileSync(join(out, 'local.procdeck.shop.worker.2.plist'), 'utf8');
    expect(job).toMatch(/<key>PORT<\/key>\s*<string>6101<\/string>/);
    expect(job).toMatch(/<key>GREETING<\/key>\s*<string>from the second file<\/string>/);
    expect(job).toMatch(/<key>ExitTimeOut<\/key>\s*<integer>12<\/integer>/);
  });

  it.each([
    [['export'], /export needs a format and a folder/],
    [
      ['export', 'upstart', '/tmp/x'],
      /unknown export format 'upstart' \(one of: systemd, supervisord, kubernetes, compose, launchd\)/,
    ],
    [['export', 'systemd', '/tmp/x', '-m', 'web=x'], /-m: bad formation item 'web=x'/],
    [['export', 'systemd', '/tmp/x', '-d', FIXTURE, '-m', 'nope=1'], /unknown process type 'nope'/],
    [['export', 'systemd', '/tmp/x', '-d', FIXTURE, '-a', 'My_App'], /app name 'My_App' must be a DNS-1123 label/],
    [['export', 'systemd', '/tmp/x', '-d', FIXTURE, '-t', 'soon'], /-t 'soon' is not a number of seconds/],
    [['export', 'compose', '/tmp/x', '--user-units'], /--user-units applies to systemd only/],
    [['export', 'systemd', '/tmp/x', '-d', '/nonexistent-procdeck'], /Procfile not found/],
  ])('exits 2 on %j', async (args, message) => {
    const { code, stderr } = await procdeckDone(args as string[]);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });

  it('refuses two process types that become one DNS-1123 name', async () => {
    const dir = project('clock_1: sleep 1\nclock-1: sleep 1\n');
    const { code, stderr } = await procdeckDone(['export', 'kubernetes', join(dir, 'out'), '-d', dir]);
    expect(stderr).toMatch(/process types 'clock_1' and 'clock-1' both become 'clock-1'/);
    expect(code).toBe(2);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('needs --force to write next to files it did not write, and never removes them', async () => {
    const { root, project: dir } = fixtureCopy();
    const out = join(root, 'units');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.service'), '[Service]\n');
    const refused = await procdeckDone(['export', 'systemd', out, '-d', dir]);
    expect(refused.stderr).toMatch(
      /holds files Procdeck did not write \(mine\.service\); choose an empty folder or pass --force/,
    );
    expect(refused.code).toBe(2);
    expect(filesIn(out)).toEqual(['mine.service']);
    await exportFixture('systemd', dir, out, ['--force']);
    await exportFixture('systemd', dir, out, ['-m', 'web=1', '--force']);
    expect(filesIn(out)).toContain('mine.service');
  });

  it('re-exports a smaller formation: replaces its own files and removes stale instances', async () => {
    const { root, project: dir } = fixtureCopy();
    const out = join(root, 'units');
    await exportFixture('systemd', dir, out);
    expect(filesIn(out)).toContain('fixture-worker.3.service');
    const stdout = await exportFixture('systemd', dir, out, ['-m', 'web=1,worker=1,clock_1=1']);
    expect(stdout).toMatch(/removed .*fixture-worker\.3\.service \(no longer in the formation\)/);
    expect(filesIn(out)).toEqual([
      'fixture-clock_1.1.service',
      'fixture-clock_1.target',
      'fixture-web.1.service',
      'fixture-web.target',
      'fixture-worker.1.service',
      'fixture-worker.target',
      'fixture.target',
    ]);
    // Another format into the same folder replaces the old one's files.
    await exportFixture('launchd', dir, out);
    expect(filesIn(out).every((f) => f.endsWith('.plist'))).toBe(true);
  });
});
