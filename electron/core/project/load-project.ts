/**
 * Reads what a project's formation is made of: its Procfile, its env files, its base port,
 * and procdeck.yaml beside the Procfile when there is one. Every problem becomes a
 * diagnostic with a file and line; nothing throws.
 */
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import type { Diagnostic } from '../../../shared/model';
import { loadEnvFiles } from '../env/load-env';
import type { EnvValues } from '../env/parse-env';
import { resolveFormation, type FormationSpec } from '../formation/formation';
import { checkPortRange, resolveBasePort } from '../formation/ports';
import type { ProcessTypeDef } from '../procfile/parse-procfile';
import { readProcfile } from '../procfile/read-procfile';
import type { Sidecar } from '../sidecar/parse-sidecar';
import { readSidecar, sidecarPath } from '../sidecar/read-sidecar';
import { checkSidecar } from '../sidecar/sidecar-formation';

export interface ProjectFiles {
  /** The project directory: where processes run. */
  readonly dir: string;
  /** Absolute path of the Procfile. */
  readonly procfile: string;
  /** Env files to read, absolute, in order (later wins). */
  readonly envFiles: readonly string[];
  /** Whether the env files were named explicitly (then each must exist). */
  readonly envFilesRequired: boolean;
}

export interface ProjectSettings {
  readonly formation: FormationSpec | null;
  readonly portFlag?: string | undefined;
  readonly processEnv: EnvValues;
}

export interface LoadedProject {
  readonly types: readonly ProcessTypeDef[];
  /** The environment for every instance, before PORT and PS. */
  readonly env: EnvValues;
  /** What the env files define (expanded), without the rest of the process environment. */
  readonly fileEnv: EnvValues;
  readonly envFiles: readonly string[];
  readonly basePort: number;
  readonly scale: ReadonlyMap<string, number>;
  /** procdeck.yaml, null when there is none (every type has the default settings). */
  readonly sidecar: Sidecar | null;
  /** The types in start order (start-order.ts): each stage waits only for earlier ones. */
  readonly startOrder: readonly (readonly string[])[];
  readonly diagnostics: readonly Diagnostic[];
  /** The Procfile ends without a line break: perhaps still being written (see ParsedProcfile). */
  readonly unfinished: boolean;
  /** Identifies the Procfile's content, to see whether it changed. */
  readonly fingerprint: string;
}

export type LoadResult =
  | { readonly ok: true; readonly project: LoadedProject }
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[] };

/** Resolves the project's files: `-d`, `-f` and `-e` relative to `cwd`, defaults inside the project. */
export function projectFiles(options: {
  cwd: string;
  dir?: string | undefined;
  procfile?: string | undefined;
  envFiles?: readonly string[] | undefined;
}): ProjectFiles {
  const at = (p: string) => (isAbsolute(p) ? p : resolve(options.cwd, p));
  const procfileFlag = options.procfile !== undefined ? at(options.procfile) : undefined;
  const dir = options.dir !== undefined ? at(options.dir) : procfileFlag ? dirname(procfileFlag) : options.cwd;
  const envFiles = options.envFiles?.length ? options.envFiles.map(at) : [resolve(dir, '.env')];
  return {
    dir,
    procfile: procfileFlag ?? resolve(dir, 'Procfile'),
    envFiles,
    envFilesRequired: Boolean(options.envFiles?.length),
  };
}

export async function loadProject(files: ProjectFiles, settings: ProjectSettings): Promise<LoadResult> {
  const [procfile, env, sidecarRead] = await Promise.all([
    readProcfile(files.procfile),
    loadEnvFiles(files.envFiles, settings.processEnv, { required: files.envFilesRequired }),
    readSidecar(sidecarPath(files.procfile)),
  ]);
  const diagnostics = [...procfile.diagnostics, ...env.diagnostics, ...(sidecarRead.ok ? [] : sidecarRead.diagnostics)];
  const fail = (message: string, file = files.procfile): LoadResult => ({
    ok: false,
    diagnostics: [...diagnostics, { severity: 'error', file, line: 0, message }],
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics };

  const sidecar = sidecarRead.ok ? sidecarRead.sidecar : null;
  const names = procfile.types.map((t) => t.name);
  const order = checkSidecar(sidecar, names);
  if (!order.ok) return { ok: false, diagnostics: [...diagnostics, ...order.diagnostics] };
  const formation = resolveFormation(names, settings.formation);
  if (!formation.ok) return fail(formation.error);
  const scale = settings.formation ? formation.value : sidecarScale(formation.value, sidecar);

  const merged = { ...settings.processEnv, ...env.values };
  const basePort = resolveBasePort(settings.portFlag, merged.PORT);
  if (!basePort.ok)
    return fail(basePort.error, settings.portFlag !== undefined ? '-p' : basename(files.envFiles[0] ?? '.env'));
  const rangeProblem = checkPortRange(basePort.value, names.length, Math.max(1, ...scale.values()));
  if (rangeProblem) return fail(rangeProblem);

  return {
    ok: true,
    project: {
      types: procfile.types,
      env: merged,
      fileEnv: env.values,
      envFiles: env.files,
      basePort: basePort.value,
      scale,
      sidecar,
      startOrder: order.stages,
      diagnostics,
      unfinished: procfile.unfinished,
      fingerprint: procfile.fingerprint,
    },
  };
}

/** Without -m, procdeck.yaml's `scale` is each type's default count (the dashboard's saved sliders still win). */
function sidecarScale(formation: ReadonlyMap<string, number>, sidecar: Sidecar | null): ReadonlyMap<string, number> {
  if (!sidecar) return formation;
  const scale = new Map(formation);
  for (const entry of sidecar.entries) if (entry.scale !== null) scale.set(entry.name, entry.scale);
  return scale;
}
