/**
 * The dashboard's Export…: the formation value as it runs now — each type's live scale and
 * exit policy, procdeck.yaml's settings, the stop signal and grace — with the .env values read as Procdeck reads
 * them (the files' values only, not the whole inherited environment), as one engine's files.
 */
import { basename } from 'node:path';
import type { FormationExport } from '../../../shared/contract';
import { loadEnvFiles } from '../env/load-env';
import type { EnvValues } from '../env/parse-env';
import type { FormationValue } from '../formation/formation-value';
import { portFor } from '../formation/ports';
import type { ProjectFiles } from '../project/load-project';
import { exportFormation, installLines } from './export-formation';
import type { ExportFormat } from './export-model';

export interface LiveFormation {
  readonly files: ProjectFiles;
  /** The formation as the supervisor applies it now (the sliders, the policies in force). */
  readonly formation: FormationValue;
  readonly processEnv: EnvValues;
}

export type LiveExportResult =
  { readonly ok: true; readonly value: FormationExport } | { readonly ok: false; readonly error: string };

export async function exportLiveFormation(format: ExportFormat, live: LiveFormation): Promise<LiveExportResult> {
  const env = await loadEnvFiles(live.files.envFiles, live.processEnv, { required: live.files.envFilesRequired });
  const problem = env.diagnostics.find((d) => d.severity === 'error');
  if (problem)
    return { ok: false, error: `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}` };
  const result = exportFormation(format, {
    app: null,
    projectName: basename(live.files.dir),
    root: live.files.dir,
    types: live.formation.types.map((t, index) => ({
      name: t.name,
      command: t.command,
      scale: t.scale,
      policy: t.policy,
      firstPort: portFor(live.formation.basePort, index, 1),
      settings: t.settings,
    })),
    env: env.values,
    user: null,
    logDir: null,
    graceMs: live.formation.graceMs,
    stopSignal: live.formation.stopSignal,
    image: null,
    secretKeys: [],
    plainKeys: [],
    systemdScope: 'system',
  });
  if (!result.ok) return result;
  const folder = `${result.model.app}-${format}`;
  return {
    ok: true,
    value: {
      format,
      app: result.model.app,
      folder,
      files: result.output.files.map((f) => ({ path: f.path, text: f.text })),
      notes: result.output.notes,
      install: installLines(result.output, folder),
    },
  };
}
