/**
 * #48: procdeck.yaml is input from outside like the Procfile: a FIFO, a file far too large,
 * an alias bomb and a hostile live edit are each refused with one line naming the file, in
 * bounded time, and a running formation is left exactly as it was.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../shared/model';
import { pidOf } from '../../shared/instance-state';
import { unguarded } from '../../electron/core/lifeline/lifeline';
import { loadProject, projectFiles } from '../../electron/core/project/load-project';
import { ProjectSession } from '../../electron/core/project/project-session';
import { PipeSpawner } from '../../electron/core/spawner/pipe-spawner';
import { eventually } from '../support/wait';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-sidecar-hostile-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'Procfile'), 'web: exec sleep 1000\n');
  return dir;
}

async function load(dir: string): Promise<string[]> {
  const result = await loadProject(projectFiles({ cwd: dir }), { formation: null, processEnv: {} });
  return result.ok ? [] : result.diagnostics.map((d) => `${d.line}:${d.column ?? '-'} ${d.message}`);
}

function aliasBomb(): string {
  const rows = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 9; i++)
    rows.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${rows.join('\n')}\n`;
}

describe('#48 a hostile procdeck.yaml is refused, bounded, and leaves the formation as it was', () => {
  it('#48 a FIFO named procdeck.yaml is refused without blocking', async () => {
    const dir = project();
    execFileSync('mkfifo', [join(dir, 'procdeck.yaml')]);
    expect(await load(dir)).toEqual(['0:- procdeck.yaml is a named pipe (FIFO), not a regular file; refused']);
  });

  it('#48 a procdeck.yaml of 1 GiB (sparse) is refused unread', async () => {
    const dir = project();
    writeFileSync(join(dir, 'procdeck.yaml'), '');
    truncateSync(join(dir, 'procdeck.yaml'), 1024 ** 3);
    expect(await load(dir)).toEqual([`0:- procdeck.yaml is ${1024 ** 3} bytes; larger than 262144 is refused`]);
  });

  it('#48 an alias bomb (10^9 nodes) is refused, not expanded', async () => {
    const dir = project();
    writeFileSync(join(dir, 'procdeck.yaml'), aliasBomb());
    const started = performance.now();
    const problems = await load(dir);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^1:1 .*alias/i);
  });

  it('#48 a live edit to a bomb, then to a FIFO, keeps the running instance and says why each time', async () => {
    const dir = project();
    const opened = await ProjectSession.open({
      files: projectFiles({ cwd: dir }),
      settings: { formation: null, processEnv: { PATH: process.env.PATH ?? '/usr/bin:/bin' } },
      defaultPolicy: 'keep',
      graceMs: 2000,
      runtime: { spawner: new PipeSpawner(), guard: unguarded(), cgroups: null },
      watch: false,
    });
    if (!opened.ok) throw new Error(JSON.stringify(opened.diagnostics));
    const session = opened.session;
    try {
      const said: (readonly Diagnostic[])[] = [];
      session.subscribe((e) => {
        if (e.event === 'diagnostics') said.push(e.payload);
      });
      session.supervisor.start({ scope: 'all' });
      const pid = () => {
        const web = session.snapshot().instances.find((i) => i.id === 'web.1');
        return web ? pidOf(web.state) : null;
      };
      const before = await eventually(() => pid() ?? undefined, 'web.1 to run');
      writeFileSync(join(dir, 'procdeck.yaml'), aliasBomb());
      await session.reload();
      expect(said.at(-1)?.map((d) => d.message)).toEqual([
        expect.stringMatching(/alias/i),
        'procdeck.yaml has errors; the formation keeps running as it was',
      ]);
      rmSync(join(dir, 'procdeck.yaml'));
      execFileSync('mkfifo', [join(dir, 'procdeck.yaml')]);
      await session.reload();
      expect(said.at(-1)?.map((d) => d.message)).toEqual([
        'procdeck.yaml is a named pipe (FIFO), not a regular file; refused',
        'procdeck.yaml has errors; the formation keeps running as it was',
      ]);
      expect(pid()).toBe(before);
      expect(session.formation.types.map((t) => t.settings.after)).toEqual([[]]);
    } finally {
      await session.close();
    }
  });
});
