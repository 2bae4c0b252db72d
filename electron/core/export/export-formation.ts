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
  const { types } = built.model;
  const kept = types.filter((t) => t.policy === 'keep').map((t) => t.name);
  const notes = [...written.output.notes];
  // Kubernetes says its own word (a Deployment always restarts); elsewhere keep means "never restarted".
  if (kept.length > 0 && format !== 'kubernetes')
    notes.push(`${kept.join(', ')}: exit policy keep, so not restarted when they exit (the restart policy would be)`);
  for (const type of types) {
    const idle = type.after.filter((name) => types.some((t) => t.name === name && t.scale === 0));
    if (idle.length > 0)
      notes.push(
        `${type.name} starts after ${idle.join(', ')}, which this export runs with 0 instances: the exported ${type.name} does not wait for ${idle.length > 1 ? 'them' : 'it'} (Procdeck would hold it until they are scaled up)`,
      );
  }
  return { ok: true, model: built.model, output: { ...written.output, notes } };
}

/** The install lines with the export folder in place of `DIR`. */
export function installLines(output: ExportOutput, dir: string): string[] {
  return rebaseInstallLines(output.install, 'DIR', dir);
}

/**
 * Install lines written for the folder `from` (a plain word, as `DIR` and `app-format` are),
 * with `to` in its place, quoted for the shell when it needs it.
 */
export function rebaseInstallLines(lines: readonly string[], from: string, to: string): string[] {
  if (!PLAIN_WORD.test(from))
    throw new Error(`internal: install lines are rebased from a plain folder name, not ${from}`);
  const quoted = PLAIN_WORD.test(to) ? to : `'${to.replaceAll("'", `'\\''`)}'`;
  // The folder as a whole word: a command argument, or the start of a path in it.
  const word = new RegExp(`(?<=^| )${escapeRegExp(from)}(?=/| |$)`, 'g');
  return lines.map((line) => line.replace(word, () => quoted));
}

/** A word the shell reads as itself. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
