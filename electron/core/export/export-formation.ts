/**
 * An export from start to files: model, then the format's writer. Pure; shared by the
 * CLI (`procdeck export`) and the dashboard's host (`formation.export`).
 */
import type { ExportFormat, ExportInput, ExportModel, ExportOutput } from './export-model';
import { buildExportModel } from './export-model';
import { writeExport } from './write-export';

export type ExportResult =
  | { readonly ok: true; readonly model: ExportModel; readonly output: ExportOutput }
  | { readonly ok: false; readonly error: string };

export function exportFormation(format: ExportFormat, input: ExportInput): ExportResult {
  const built = buildExportModel(input);
  if (!built.ok) return built;
  const written = writeExport(format, built.model);
  if (!written.ok) return written;
  const kept = built.model.types.filter((t) => t.policy === 'keep').map((t) => t.name);
  // Kubernetes says its own word (a Deployment always restarts); elsewhere keep means "never restarted".
  const notes = kept.length > 0 && format !== 'kubernetes'
    ? [...written.output.notes, `${kept.join(', ')}: exit policy keep, so not restarted when they exit (the restart policy would be)`]
    : written.output.notes;
  return { ok: true, model: built.model, output: { ...written.output, notes } };
}

/** The install lines with the export folder in place of `DIR`. */
export function installLines(output: ExportOutput, dir: string): string[] {
  const quoted = /^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${dir.replaceAll("'", `'\\''`)}'`;
  return output.install.map((line) => line.replaceAll('DIR/', `${quoted}/`).replaceAll(' DIR', ` ${quoted}`));
}
