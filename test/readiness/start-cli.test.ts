/**
 * `procdeck start` with procdeck.yaml's start order: a real CLI, a db that listens late, and
 * the lines a user reads while web waits for it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { procdeck } from '../support/cli';
import { descendants, killAll } from '../support/processes';
import { BASE_PORT, target } from './readiness-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'procdeck-readiness-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('says what web waits for, when db is ready and why, and starts web after it', async () => {
  const base = BASE_PORT();
  const db = base + 100;
  writeFileSync(join(dir, 'Procfile'), `web: ${target('first-line')}\ndb: ${target('listen', 800)}\n`);
  writeFileSync(join(dir, 'procdeck.yaml'), 'processes:\n  web:\n    after: [db]\n');
  const run = procdeck(['start', '--no-timestamp', '-p', String(base)], { cwd: dir });
  try {
    await run.waitForStdout(`web.1 waiting for db.1 (not listening on ${db} yet)`);
    await run.waitForStdout(/web\.1\s+\| first line at/);
    const out = run.stdout();
    const ready = new RegExp(`db\\.1 ready after (\\d+\\.\\d) s \\(listening on ${db}\\)`).exec(out);
    expect(ready, out).not.toBeNull();
    // db listens 0.8 s after its start; the observer sees it within its next read (1 s apart).
    expect(Number(ready?.[1])).toBeGreaterThanOrEqual(0.8);
    expect(Number(ready?.[1])).toBeLessThan(5);
    // In the order they happened: waiting, db listening, db ready, web started, web's first line.
    const at = (text: string) => out.indexOf(text);
    expect(at(`web.1 waiting for db.1`)).toBeLessThan(at(`db.1   | listening on ${db}`));
    expect(at(`db.1   | listening on ${db}`)).toBeLessThan(at('db.1 ready after'));
    expect(at('db.1 ready after')).toBeLessThan(at('web.1 started with pid'));
    expect(at('web.1 started with pid')).toBeLessThan(at('web.1  | first line at'));
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
  } finally {
    const tree = descendants(run.child.pid as number).map((e) => e.pid);
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGKILL');
    killAll(tree);
  }
});
