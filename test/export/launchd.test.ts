/**
 * launchd: every property list parses back with the plist library to the same
 * environment and ProgramArguments (`/bin/sh -c COMMAND`, never split on spaces).
 */
import { join } from 'node:path';
import plist from 'plist';
import { describe, expect, it } from 'vitest';
import { INSTANCES, exportFixture, expectedEnv, filesIn, fixtureCopy, read } from './export-fixture';

describe('launchd export', () => {
  it('writes one plist per instance that parses back to the same environment and arguments', async () => {
    const { root, project } = fixtureCopy();
    const dir = join(root, 'agents');
    await exportFixture('launchd', project, dir, ['-l', join(root, 'log')]);
    expect(filesIn(dir)).toEqual(INSTANCES.map(([id]) => `local.procdeck.fixture.${id}.plist`).sort());
    const env = await expectedEnv();
    const procfile = Object.fromEntries(
      read(project, 'Procfile')
        .split('\n')
        .flatMap((l) => {
          const m = /^([\w-]+): (.*)$/.exec(l);
          return m ? [[m[1], m[2]]] : [];
        }),
    );
    for (const [id, port] of INSTANCES) {
      const job = plist.parse(read(dir, `local.procdeck.fixture.${id}.plist`)) as Record<string, unknown>;
      expect(job.Label).toBe(`local.procdeck.fixture.${id}`);
      expect(job.ProgramArguments).toEqual(['/bin/sh', '-c', procfile[id.split('.')[0] as string]]);
      expect(job.EnvironmentVariables).toEqual({ ...env, PORT: String(port), PS: id });
      expect(job.WorkingDirectory).toBe(project);
      expect(job.StandardOutPath).toBe(join(root, 'log', `${id}.log`));
      expect(job.StandardErrorPath).toBe(join(root, 'log', `${id}.error.log`));
      expect(job.KeepAlive).toBe(true);
      expect(job.ExitTimeOut).toBe(5);
    }
  });
});
