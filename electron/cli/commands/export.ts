/**
 * `procdeck export FORMAT DIR`: the formation as files for systemd, supervisord,
 * Kubernetes, Compose or launchd. Prints what it wrote and how to install it; bad input
 * exits 2 with a message naming the problem.
 */
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { currentProcessEnv } from '../../core/env/load-env';
import { exportFormation, installLines } from '../../core/export/export-formation';
import { writeExportFolder } from '../../core/export/export-folder';
import type { ExportTypeInput } from '../../core/export/export-model';
import { portFor } from '../../core/formation/ports';
import { loadProject, projectFiles } from '../../core/project/load-project';
import type { ExportArgs } from '../args';
import type { CliIo } from '../cli-io';
import { formatDiagnostic } from '../describe';

export async function runExport(args: ExportArgs, io: CliIo): Promise<number> {
  const rel = (path: string) => relative(io.cwd, path) || path;
  const files = projectFiles({ cwd: io.cwd, dir: args.dir, procfile: args.procfile, envFiles: args.envFiles });
  const loaded = await loadProject(files, { formation: args.formation, portFlag: args.port, processEnv: currentProcessEnv(io.env) });
  if (!loaded.ok) {
    for (const d of loaded.diagnostics.filter((x) => x.severity === 'error')) io.err(`procdeck: ${formatDiagnostic(d, rel)}\n`);
    return 2;
  }
  const { project } = loaded;
  const unknown = args.canDie.find((name) => !project.types.some((t) => t.name === name));
  if (unknown !== undefined) {
    io.err(`procdeck: error: -c: unknown process type '${unknown}' (the Procfile defines: ${project.types.map((t) => t.name).join(', ')})\n`);
    return 2;
  }
  for (const d of project.diagnostics) io.err(`procdeck: ${formatDiagnostic(d, rel)}\n`);
  const types: ExportTypeInput[] = project.types.map((t, index) => ({
    name: t.name,
    command: t.command,
    scale: project.scale.get(t.name) ?? 0,
    policy: args.canDie.includes(t.name) ? 'keep' : 'restart',
    firstPort: portFor(project.basePort, index, 1),
  }));
  const result = exportFormation(args.format, {
    app: args.app,
    projectName: basename(files.dir),
    root: files.dir,
    types,
    env: project.fileEnv,
    user: args.user,
    logDir: args.logDir === null ? null : isAbsolute(args.logDir) ? args.logDir : resolve(io.cwd, args.logDir),
    graceMs: args.graceMs,
    stopSignal: 'SIGTERM',
    image: args.image,
    secretKeys: args.secretKeys,
    plainKeys: args.plainKeys,
    systemdScope: args.userUnits ? 'user' : 'system',
  });
  if (!result.ok) {
    io.err(`procdeck: error: ${result.error}\n`);
    return 2;
  }
  const outDir = resolve(io.cwd, args.outDir);
  const written = await writeExportFolder(outDir, args.format, result.model.app, result.output.files, args.force);
  if (!written.ok) {
    io.err(`procdeck: error: ${written.error}\n`);
    return 2;
  }
  // Relative when inside the current folder, else absolute: `../../tmp/x` helps nobody.
  const shown = rel(outDir).startsWith('..') ? outDir : rel(outDir);
  io.out(`${args.format}: ${result.model.app} (${result.model.types.map((t) => `${t.name}=${t.scale}`).join(',')}) → ${shown}\n`);
  for (const name of written.written) io.out(`  wrote ${shown}/${name}\n`);
  for (const name of written.removed) io.out(`  removed ${shown}/${name} (no longer in the formation)\n`);
  for (const note of result.output.notes) io.out(`note: ${note}\n`);
  io.out('\nInstall:\n');
  for (const line of installLines(result.output, shown)) io.out(`  ${line}\n`);
  return 0;
}
