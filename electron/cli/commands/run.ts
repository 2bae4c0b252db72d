/**
 * `procdeck run`: one command with the project's environment (Foreman's `run`).
 * `procdeck run web` runs the `web` entry of the Procfile, with web.1's PORT.
 */
import { spawn } from 'node:child_process';
import { relative } from 'node:path';
import { currentProcessEnv } from '../../core/env/load-env';
import { plannedEnvironment } from '../../core/env/env-origins';
import { originsOf } from '../../core/env/instance-environment';
import { portFor } from '../../core/formation/ports';
import { loadProject, projectFiles, type LoadResult } from '../../core/project/load-project';
import type { RunArgs } from '../args';
import type { CliIo } from '../cli-io';
import { visibleText } from '../../core/visible-text';
import { formatDiagnostic, shellExitCode } from '../describe';
import { environmentLines, sidecarEnvOf } from '../print-environment';
import { exitFromNode } from '../../core/spawner/spawner';

export async function runRun(args: RunArgs, io: CliIo): Promise<number> {
  const rel = (path: string) => relative(io.cwd, path) || path;
  const files = projectFiles({ cwd: io.cwd, dir: args.dir, procfile: args.procfile, envFiles: args.envFiles });
  const loaded = await loadProject(files, {
    formation: null,
    portFlag: args.port,
    processEnv: currentProcessEnv(io.env),
  });
  // A project without a Procfile can still `run` with its .env: only env errors stop us.
  const envErrors = loaded.ok
    ? []
    : loaded.diagnostics.filter((d) => d.severity === 'error' && d.file !== files.procfile);
  if (envErrors.length > 0) {
    for (const d of envErrors) io.err(`procdeck: ${visibleText(formatDiagnostic(d, rel))}\n`);
    return 2;
  }
  const env: Record<string, string> = loaded.ok ? { ...loaded.project.env } : { ...currentProcessEnv(io.env) };
  if (args.printEnv) return printEnvironment(args, io, loaded, files.envFiles, env);
  const [first, ...rest] = args.argv as [string, ...string[]];
  const typeIndex = loaded.ok && rest.length === 0 ? loaded.project.types.findIndex((t) => t.name === first) : -1;
  let file = first;
  let argv = rest;
  if (loaded.ok && typeIndex >= 0) {
    const type = loaded.project.types[typeIndex] as { name: string; command: string };
    // As the supervisor builds it (and --print-env shows it): the type's procdeck.yaml env, PORT, PS.
    Object.assign(
      env,
      plannedEnvironment(
        env,
        sidecarEnvOf(loaded.project, type.name),
        `${type.name}.1`,
        portFor(loaded.project.basePort, typeIndex, 1),
      ),
    );
    file = '/bin/sh';
    argv = ['-c', type.command];
  }
  return new Promise<number>((resolve) => {
    const child = spawn(file, argv, { cwd: files.dir, env, stdio: 'inherit' });
    // The terminal's Ctrl-C reaches the child directly (same process group); just wait.
    const ignore = io.onSignal(() => undefined);
    child.on('error', (error) => {
      ignore();
      const code = (error as NodeJS.ErrnoException).code;
      io.err(`procdeck: error: cannot run '${file}': ${code === 'ENOENT' ? 'command not found' : error.message}\n`);
      resolve(code === 'ENOENT' ? 127 : 126);
    });
    child.on('exit', (code, signal) => {
      ignore();
      resolve(shellExitCode(exitFromNode(code, signal)));
    });
  });
}

/** `--print-env [TYPE]`: the environment `run` would give (TYPE's PORT and PS with a type), sorted, with origins. */
async function printEnvironment(
  args: RunArgs,
  io: CliIo,
  loaded: LoadResult,
  envFiles: readonly string[],
  formationEnv: Record<string, string>,
): Promise<number> {
  const processEnv = currentProcessEnv(io.env);
  const typeName = args.argv[0];
  const index = loaded.ok && typeName !== undefined ? loaded.project.types.findIndex((t) => t.name === typeName) : -1;
  if (typeName !== undefined && index < 0) {
    io.err(`procdeck: error: no process type '${visibleText(typeName)}' in the Procfile\n`);
    return 2;
  }
  const typeEnv = loaded.ok && typeName !== undefined ? sidecarEnvOf(loaded.project, typeName) : {};
  const env =
    loaded.ok && index >= 0
      ? plannedEnvironment(formationEnv, typeEnv, `${typeName}.1`, portFor(loaded.project.basePort, index, 1))
      : formationEnv;
  const variables = await originsOf(env, {
    envFiles,
    formationEnv,
    processEnv,
    source: 'procdeck',
    type: typeName ?? '',
    typeEnv,
  });
  for (const line of environmentLines(variables, io.cwd)) io.out(`${line}\n`);
  return 0;
}
