/**
 * Export… › Save to folder… (desktop app): the host asks for a folder in a native dialog,
 * asks again before writing beside files Procdeck did not write, and writes the export as
 * `procdeck export FORMAT DIR` does. This part shows the install lines and what happened:
 * what was written where, that nothing was (cancelled), or why it failed.
 *
 * The outcome's sentence is in a polite live region, so a screen reader hears it; the list
 * of files is beside it, not in it, so it is not read out at every save.
 */
import { useState } from 'react';
import type { ExportFormat, FolderExportResult, FormationExport } from '../../shared/contract';
import { assertNever } from '../../shared/model';
import { useServices } from './services';

type Saved = Extract<FolderExportResult, { kind: 'saved' }>;

type SaveState =
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved'; readonly saved: Saved }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'error'; readonly message: string };

/** A save and the export it saved (format and live scale): install lines only fit that one. */
interface Outcome {
  readonly key: string;
  readonly format: ExportFormat;
  readonly state: SaveState;
}

export function ExportSaveToFolder({ exported, exportKey }: { exported: FormationExport; exportKey: string }) {
  const services = useServices();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const saving = outcome?.state.kind === 'saving';
  const current = outcome?.key === exportKey ? outcome.state : null;

  function save() {
    // aria-disabled rather than disabled: the button keeps the focus while the native dialog is up.
    if (saving) return;
    const { format } = exported;
    setOutcome({ key: exportKey, format, state: { kind: 'saving' } });
    void services.bridge.call('formation.exportToFolder', { format }).then((result) => {
      const state: SaveState = !result.ok
        ? { kind: 'error', message: result.error.message }
        : result.value.kind === 'saved'
          ? { kind: 'saved', saved: result.value }
          : { kind: 'cancelled' };
      setOutcome({ key: exportKey, format, state });
    });
  }

  return (
    <>
      {current?.kind === 'saved' ? (
        <>
          <h3>Install</h3>
          <pre className="export-install" tabIndex={0} aria-label="Install commands">
            {current.saved.install.join('\n')}
          </pre>
        </>
      ) : (
        <>
          <h3>Install (with {exported.folder} standing for the folder you save to)</h3>
          <pre className="export-install" tabIndex={0} aria-label="Install commands">
            {exported.install.join('\n')}
          </pre>
        </>
      )}
      <div className="export-actions">
        <button type="button" className="primary" aria-disabled={saving} onClick={save}>
          Save to folder…
        </button>
      </div>
      <p role="status" aria-label="Save result" className="export-status">
        {outcome ? sentence(outcome) : ''}
      </p>
      {outcome?.state.kind === 'error' && (
        <p role="alert" className="export-error">
          {outcome.state.message}
        </p>
      )}
      {outcome?.state.kind === 'saved' && (
        <ul className="export-written" aria-label="Files saved">
          {outcome.state.saved.written.map((name) => (
            <li key={`w ${name}`}>wrote {name}</li>
          ))}
          {outcome.state.saved.removed.map((name) => (
            <li key={`r ${name}`}>removed {name} (no longer in the formation)</li>
          ))}
        </ul>
      )}
    </>
  );
}

function sentence({ format, state }: Outcome): string {
  switch (state.kind) {
    case 'saving':
      return 'Choosing a folder…';
    case 'saved': {
      const { written, removed, dir } = state.saved;
      const stale =
        removed.length === 0 ? '' : `, removed ${removed.length} stale ${removed.length === 1 ? 'file' : 'files'}`;
      return `Saved ${written.length} ${format} ${written.length === 1 ? 'file' : 'files'} to ${dir}${stale}.`;
    }
    case 'cancelled':
      return 'Not saved: nothing was written.';
    case 'error':
      return 'Not saved.';
    default:
      return assertNever(state);
  }
}
