/**
 * `procdeck check`: validates the Procfile, env files and procdeck.yaml, and shows the
 * formation: its types, the start order and what procdeck.yaml sets for each type.
 * Exit 1 when there are errors (a check that finds problems is not a usage error).
 */
import { relative } from 'node:path';
import type { Diagnostic } from '../../../shared/model';
import { currentProcessEnv } from '../../core/env/load-env';
import { portFor } from '../../core/formation/ports';
import { loadProject, projectFiles } from '../../core/project/load-project';
import { readProcfile } from '../../core/procfile/read-procfile';
import type { EnvVariable } from '../../../shared/environment';
import { sidecarPath } from '../../core/sidecar/read-sidecar';
import { typeSettingsFor } from '../../core/sidecar/sidecar-formation';
import { describeTypeSettings, type CheckedSettings } from '../describe-settings';
import type { CheckArgs } from '../args';
import { sidecarEnvOf, typeEnvironments } from '../print-environment';
import type { CliIo } from '../cli-io';
import { visibleText } from '../../core/visible-text';
import { formatDiagnostic } from '../describe';

/** A problem's place: `column` only where the file has columns (procdeck.yaml). */
interface Located {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

export interface CheckReport {
  readonly procfile: string;
  readonly processes: readonly { readonly name: string; readonly command: string; readonly port: number }[];
  readonly env: Readonly<Record<string, string>>;
  readonly warnings: readonly Located[];
  readonly errors: readonly Located[];
  /** procdeck.yaml when the project has one (valid or not), else null. */
  readonly sidecar: string | null;
  /** The types in start order: each stage waits only for earlier ones (empty when the files have errors). */
  readonly startOrder: readonly (readonly string[])[];
  /** Per type: its default count and what procdeck.yaml sets (the defaults where it says nothing). */
  readonly settings: Readonly<Record<string, CheckedSettings>>;
  /** envview: each type's first instance's environment, sorted, with each variable's origin. */
  readonly environments: Readonly<Record<string, readonly EnvVariable[]>>;
}

/** The grace a stop signal set without one gets: `-t`'s default, as `procdeck start` has it. */
const DEFAULT_GRACE_MS = 5000;

export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  const files = projectFiles({ cwd: io.cwd, dir: args.dir, procfile: args.procfile, envFiles: args.envFiles });
  const loaded = await loadProject(files, {
    formation: args.formation,
    portFlag: args.port,
    processEnv: currentProcessEnv(io.env),
  });
  let report: CheckReport;
  if (loaded.ok) {
    const { types, basePort, fileEnv, diagnostics, sidecar, startOrder, scale } = loaded.project;
    const entries = new Map((sidecar?.entries ?? []).map((e) => [e.name, e]));
    report = {
      procfile: files.procfile,
      processes: types.map((t, index) => ({ name: t.name, command: t.command, port: portFor(basePort, index, 1) })),
      env: fileEnv,
      ...split(diagnostics),
      environments: args.json
        ? await typeEnvironments(loaded.project, currentProcessEnv(io.env), (type) =>
            sidecarEnvOf(loaded.project, type),
          )
        : {},
      sidecar: sidecar?.file ?? null,
      startOrder,
      settings: Object.fromEntries(
        types.map((t) => {
          const entry = entries.get(t.name);
          const settings = typeSettingsFor(entry, { signal: 'SIGTERM', graceMs: DEFAULT_GRACE_MS });
          return [t.name, { scale: scale.get(t.name) ?? 0, policy: entry?.policy ?? null, ...settings }];
        }),
      ),
    };
  } else {
    // Still show what could be read: the entries of a Procfile with a duplicate, say.
    const procfile = await readProcfile(files.procfile);
    report = {
      procfile: files.procfile,
      processes: procfile.types.map((t, index) => ({
        name: t.name,
        command: t.command,
        port: portFor(5000, index, 1),
      })),
      env: {},
      ...split(loaded.diagnostics),
      environments: {},
      sidecar: loaded.diagnostics.some((d) => d.file === sidecarPath(files.procfile))
        ? sidecarPath(files.procfile)
        : null,
      startOrder: [],
      settings: {},
    };
  }
  if (args.json) {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    printReport(report, io);
  }
  return report.errors.length > 0 ? 1 : 0;
}

function split(diagnostics: readonly Diagnostic[]): Pick<CheckReport, 'warnings' | 'errors'> {
  const plain = (d: Diagnostic): Located =>
    d.column === undefined
      ? { file: d.file, line: d.line, message: d.message }
      : { file: d.file, line: d.line, column: d.column, message: d.message };
  return {
    warnings: diagnostics.filter((d) => d.severity === 'warning').map(plain),
    errors: diagnostics.filter((d) => d.severity === 'error').map(plain),
  };
}

function printReport(report: CheckReport, io: CliIo): void {
  // Everything shown comes from the project's files: escaped, so what you read is what runs.
  const rel = (path: string) => visibleText(relative(io.cwd, path) || path);
  const width = Math.max(4, ...report.processes.map((p) => p.name.length));
  io.out(`${rel(report.procfile)}\n`);
  for (const p of report.processes)
    io.out(`  ${visibleText(p.name).padEnd(width)}  PORT=${p.port}  ${visibleText(p.command)}\n`);
  if (report.sidecar !== null && report.errors.length === 0) {
    io.out(
      `${rel(report.sidecar)}: start order ${visibleText(report.startOrder.map((stage) => stage.join(', ')).join(' → '))}\n`,
    );
    for (const [name, settings] of Object.entries(report.settings))
      io.out(`  ${visibleText(name).padEnd(width)}  ${visibleText(describeTypeSettings(settings))}\n`);
  }
  const envCount = Object.keys(report.env).length;
  if (envCount > 0) io.out(`env: ${envCount} variable(s): ${visibleText(Object.keys(report.env).join(', '))}\n`);
  for (const w of report.warnings) io.err(`${visibleText(formatDiagnostic({ severity: 'warning', ...w }, rel))}\n`);
  for (const e of report.errors) io.err(`${visibleText(formatDiagnostic({ severity: 'error', ...e }, rel))}\n`);
  if (report.errors.length === 0) {
    io.out(
      `valid Procfile: ${report.processes.length} process type(s) (${visibleText(report.processes.map((p) => p.name).join(', '))})\n`,
    );
  }
}
