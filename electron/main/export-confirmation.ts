/**
 * The native question before an export is written into a folder holding files Procdeck did
 * not write (the dashboard's `--force`): it names the folder and those files, and says that
 * they are kept. Pure.
 */
import type { ExportFormat } from '../../shared/contract';
import { visible, type OpenQuestion } from './open-confirmation';

/** Foreign files named in the dialog; the rest are counted. */
const MAX_SHOWN = 5;

export function exportQuestion(format: ExportFormat, dir: string, foreign: readonly string[]): OpenQuestion {
  const shown =
    foreign.slice(0, MAX_SHOWN).map(visible).join(', ') +
    (foreign.length > MAX_SHOWN ? `, and ${foreign.length - MAX_SHOWN} more` : '');
  const files = foreign.length === 1 ? '1 file' : `${foreign.length} files`;
  return {
    title: `Write the ${format} export into ${visible(dir)}?`,
    detail: `It holds ${files} Procdeck did not write (${shown}). They are kept; a file with the name of an export file is replaced.`,
    action: 'Write Anyway',
  };
}
