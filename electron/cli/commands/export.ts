/**
 * `procdeck export FORMAT DIR`: the formation as files for systemd, supervisord,
 * Kubernetes, Compose or launchd. Prints what it wrote and how to install it; bad input
 * exits 2 with a message naming the problem.
 *
 * Without `-m`, the formation is the one the desktop app saved for the project (its
 * sliders), else every type ×1.
 */
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, isAbsolute, relative, resolve } from 'node:path';
import { currentProcessEnv } from '../../core/env/load-env';
import { exportFormation, installLines } from '../../core/export/export-formation';
import { writeExportFolder } from '../../core/export/export-folder';
import type { ExportTypeInput } from '../../core/export/export-model';
import { portFor } from '../../core/formation/ports';
import { desktopUserDataDirs, readSavedFormation } from '../../core/formation/saved-formation';
import { loadProject, projectFiles } from '../../core/project/load-project';
import { typeSettingsFor } from '../../core/sidecar/sidecar-formation';
import { assertNever } from '../../../shared/model';
import type { ExportArgs } from '../args';
import type { CliIo } from '../cli-io';
import { formatDiagnostic } from '../describe';

/** The formation's stop signal: Foreman's export has no option for it; procdeck.yaml sets one per type. */
const STOP_SIGNAL = 'SIGTERM';

export async function runExport(args: ExportArgs, io: CliIo): Promise<number> {
  const rel = (path: string) => relative(io.cwd, path) || path;
  const files = projectFiles({ cwd: io.cwd, dir: args.dir, procfile: args.procfile, envFiles: args.envFiles });
  const loaded = await loadProject(files, {
    formation: args.formation,
    portFlag: args.port,
    processEnv: currentProcessEnv(io.env),
  });
  if (!loaded.ok) {
    for (const d of loaded.diagnostics.filter((x) => x.severity === 'error'))
      io.err(`procdeck: ${formatDiagnostic(d, rel)}\n`);
    return 2;
  }
  const { project } = loaded;
  const unknown = args.canDie.find((name) => !project.types.some((t) => t.name === name));
  if (unknown !== undefined) {
    io.err(
      `procdeck: error: -c: unknown process type '${unknown}' (the Procfile defines: ${project.types.map((t) => t.name).join(', ')})\n`,
    );
    return 2;
  }
  for (const d of project.diagnostics) io.err(`procdeck: ${formatDiagnostic(d, rel)}\n`);
  const saved = args.formation === null ? dashboardScale(files.dir, io) : null;
  const entries = new Map((project.sidecar?.entries ?? []).map((e) => [e.name, e]));
  const types: ExportTypeInput[] = project.types.map((t, index) => ({
    name: t.name,
    command: t.command,
    scale: saved?.[t.name] ?? project.scale.get(t.name) ?? 0,
    // -c wins over procdeck.yaml's policy, as in `procdeck start`.
    policy: args.canDie.includes(t.name) ? 'keep' : (entries.get(t.name)?.policy ?? 'restart'),
    firstPort: portFor(project.basePort, index, 1),
    // procdeck.yaml's after, ready, env and stop; its stop falls back to -t and SIGTERM.
    settings: typeSettingsFor(entries.get(t.name), { signal: STOP_SIGNAL, graceMs: args.graceMs }),
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
    stopSignal: STOP_SIGNAL,
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
  io.out(
    `${args.format}: ${result.model.app} (${result.model.types.map((t) => `${t.name}=${t.scale}`).join(',')}) → ${shown}\n`,
  );
  for (const name of written.written) io.out(`  wrote ${shown}/${name}\n`);
  for (const name of written.removed) io.out(`  removed ${shown}/${name} (no longer in the formation)\n`);
  for (const note of result.output.notes) io.out(`note: ${note}\n`);
  io.out('\nInstall:\n');
  for (const line of installLines(result.output, shown)) io.out(`  ${line}\n`);
  return 0;
}

/** The slider counts the desktop app saved for the project, if it did (a note says so); null otherwise. */
function dashboardScale(dir: string, io: CliIo): Readonly<Record<string, number>> | null {
  // The desktop app keys a project by its real path.
  let real = dir;
  try {
    real = realpathSync(dir);
  } catch {
    // A folder that cannot be resolved has nothing saved; the export fails on it later anyway.
  }
  const read = readSavedFormation(desktopUserDataDirs(io.env, process.platform, homedir()), real);
  switch (read.kind) {
    case 'none':
      return null;
    case 'unreadable':
      io.err(`procdeck: warning: ignoring the dashboard's saved formation ${read.file}: ${read.reason}\n`);
      return null;
    case 'found':
      io.out(`formation: as saved by the dashboard (${read.file}); -m overrides it\n`);
      return read.formation.scale;
    default:
      return assertNever(read, 'saved formation');
  }
}
