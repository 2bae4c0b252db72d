/**
 * #25, #26: a Procfile or .env that is not a file — a FIFO, a link to /dev/zero, a sparse file
 * of many GiB — is refused with one line naming it, by every command and by a live reload,
 * and never blocks, floods memory or reads gigabytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { assertNever } from '../../shared/model';
import { unguarded } from '../../electron/core/lifeline/lifeline';
import { projectFiles } from '../../electron/core/project/load-project';
import { ProjectSession, type ProjectEvent } from '../../electron/core/project/project-session';
import { PipeSpawner } from '../../electron/core/spawner/pipe-spawner';
import { procdeck, procdeckDone } from '../support/cli';
import { isAlive } from '../support/processes';
import { waiter } from '../support/wait';

type Kind = 'fifo' | 'dev-zero' | 'sparse';
const KINDS: readonly Kind[] = ['fifo', 'dev-zero', 'sparse'];

/** Puts a non-file of this kind at `path` (replacing what was there). */
function plant(path: string, kind: Kind): void {
  rmSync(path, { force: true });
  switch (kind) {
    case 'fifo':
      execFileSync('mkfifo', [path]);
      return;
    case 'dev-zero':
      symlinkSync('/dev/zero', path);
      return;
    case 'sparse':
      writeFileSync(path, '');
      truncateSync(path, 6 * 1024 ** 3);
      return;
    default:
      assertNever(kind, 'kind');
  }
}

const REFUSAL: Record<Kind, RegExp> = {
  fifo: /is a named pipe \(FIFO\), not a regular file; refused/,
  'dev-zero': /is a character device, not a regular file; refused/,
  sparse: /is 6442450944 bytes; larger than \d+ is refused/,
};

/** A project whose Procfile and .env are good files, but `which` of them if given. */
function project(procfile: string, bad?: { kind: Kind; which: 'Procfile' | '.env' }): string {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-notfile-'));
  writeFileSync(join(dir, 'Procfile'), procfile);
  writeFileSync(join(dir, '.env'), 'A=1\n');
  if (bad) plant(join(dir, bad.which), bad.kind);
  return dir;
}

/** The one line that names the file, among what the command wrote. */
const refusalLines = (text: string, kind: Kind, which: string) =>
  text
    .split('\n')
    .filter(
      (line) =>
        REFUSAL[kind].test(line) &&
        line.includes(which === '.env' ? '.env: error: env file' : 'Procfile: error: Procfile'),
    );

describe.each(KINDS)('#25 a %s in place of a file', (kind) => {
  it.each(['Procfile', '.env'] as const)(
    `#25 procdeck check refuses a ${kind} %s with one line naming it, at once`,
    async (which) => {
      const dir = project('web: exec sleep 1000\n', { kind, which });
      const started = performance.now();
      const { code, stderr } = await procdeckDone(['check'], { cwd: dir });
      expect(code).toBe(1);
      expect(refusalLines(stderr, kind, which)).toHaveLength(1);
      expect(performance.now() - started).toBeLessThan(10_000);
    },
  );

  it.each(['Procfile', '.env'] as const)(
    `#25 procdeck start refuses a ${kind} %s (exit 2) and starts nothing`,
    async (which) => {
      const dir = project('web: exec sleep 1000\n', { kind, which });
      const { code, stdout, stderr } = await procdeckDone(['start'], { cwd: dir });
      expect(code).toBe(2);
      expect(refusalLines(stderr, kind, which)).toHaveLength(1);
      expect(stdout).not.toMatch(/web\.1/);
    },
  );
});

describe('#25 the web view host', () => {
  it.each(['Procfile', '.env'] as const)(
    '#25 procdeck serve with a FIFO %s says so at start, keeps serving and stops cleanly',
    async (which) => {
      const dir = project('web: exec sleep 1000\n', { kind: 'fifo', which });
      const run = procdeck(['serve', dir]);
      const wait = waiter(() => `stderr: ${run.stderr()}`);
      run.child.stderr?.on('data', () => wait.changed());
      await run.waitForStdout('procdeck serve: open http://127.0.0.1:');
      const named = (line: string) =>
        REFUSAL.fifo.test(line) &&
        line.includes(`${join(dir, which)}: ${which === '.env' ? 'env file' : 'Procfile'} is`);
      await wait.until(
        () => (run.stderr().split('\n').filter(named).length === 1 ? true : undefined),
        'the refusal',
        10_000,
      );
      // Still serving: the page answers (with the refusal to show), then it stops on request.
      const port = Number(/127\.0\.0\.1:(\d+)\//.exec(run.stdout())?.[1]);
      const status = await new Promise<number | undefined>((resolve, reject) =>
        get({ host: '127.0.0.1', port, path: '/' }, (res) => {
          res.resume();
          resolve(res.statusCode);
        }).on('error', reject),
      );
      expect(status).toBe(200);
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(0);
    },
  );
});

describe('#26 live reload', () => {
  const sessions: ProjectSession[] = [];
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  it.each([
    ['Procfile', 'fifo'],
    ['Procfile', 'dev-zero'],
    ['.env', 'fifo'],
    ['.env', 'sparse'],
  ] as const)('#26 an edit that turns the %s into a %s leaves the formation as it was', async (which, kind) => {
    const dir = project('web: exec sleep 1000\nworker: exec sleep 1001\n');
    const opened = await ProjectSession.open({
      files: projectFiles({ cwd: dir, dir }),
      settings: { formation: null, processEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
      defaultPolicy: 'keep',
      graceMs: 2000,
      runtime: { spawner: new PipeSpawner(), guard: unguarded(), startWindowMs: 100 },
      watch: true,
      watchDebounceMs: 100,
    });
    if (!opened.ok) throw new Error(opened.diagnostics.map((d) => d.message).join('; '));
    const session = opened.session;
    sessions.push(session);
    const events: ProjectEvent[] = [];
    const wait = waiter(() => `events: ${events.map((e) => e.event).join(',')}`);
    session.subscribe((e) => {
      events.push(e);
      wait.changed();
    });
    session.supervisor.start({ scope: 'all' });
    const pidOf = (id: string) => {
      const s = session.supervisor.runner(id)?.snapshot().state;
      return s?.kind === 'ready' ? s.pid : undefined;
    };
    const before = [
      await wait.until(() => pidOf('web.1'), 'web.1 running'),
      await wait.until(() => pidOf('worker.1'), 'worker.1 running'),
    ];

    plant(join(dir, which), kind);
    const refused = await wait.until(
      () => events.find((e) => e.event === 'diagnostics' && e.payload.some((d) => REFUSAL[kind].test(d.message))),
      'the refusal',
    );
    expect(refused.event === 'diagnostics' && refused.payload.map((d) => d.message)).toContain(
      'the files have errors; the last good formation keeps running',
    );
    expect([pidOf('web.1'), pidOf('worker.1')]).toEqual(before);
    expect(before.every(isAlive)).toBe(true);
    expect(session.supervisor.typeSnapshots().map((t) => t.name)).toEqual(['web', 'worker']);
    expect(
      events.some(
        (e) =>
          e.event === 'instance-removed' ||
          (e.event === 'notice' && /restarting|removed|stopping/.test(e.payload.message)),
      ),
    ).toBe(false);
  });
});
