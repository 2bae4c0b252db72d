/**
 * Export…: the formation as it runs now, for one engine, previewed file by file, then
 * saved to a folder picked in a native dialog where the host can (the desktop app,
 * ExportSaveToFolder.tsx), else downloaded as a zip (a browser tab has no folder to write to).
 *
 * A native modal <dialog>: it takes focus, keeps Tab inside, and closes on Escape.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { EXPORT_FORMATS, type ExportFormat, type FormationExport } from '../../shared/contract';
import '../styles/export-dialog.css';
import { download } from './download';
import { ExportSaveToFolder } from './ExportSaveToFolder';
import { storeZip } from './store-zip';
import { useDashboard, useServices } from './services';

const FORMAT_LABELS: Record<ExportFormat, string> = {
  systemd: 'systemd units',
  supervisord: 'supervisord programs',
  kubernetes: 'Kubernetes (kustomize)',
  compose: 'Docker Compose',
  launchd: 'launchd agents (macOS)',
};

type Loaded =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: FormationExport }
  | { readonly kind: 'error'; readonly message: string };

/** An answer, and the request it answers: one for an older request shows as loading. */
interface Answer {
  readonly key: string;
  readonly loaded: Loaded;
}

export function ExportDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const services = useServices();
  const dialog = useRef<HTMLDialogElement>(null);
  const [format, setFormat] = useState<ExportFormat>('systemd');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [file, setFile] = useState<string | null>(null);
  const scale = useDashboard((s) => s.types.map((t) => `${t.name}=${t.scale}`).join(', '));
  const canSaveToFolder = useDashboard((s) => s.host?.canSaveToFolder ?? false);
  const key = `${format} ${scale}`;
  const loaded: Loaded = answer?.key === key ? answer.loaded : { kind: 'loading' };
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  // Re-exported whenever the dialog opens, the format changes or the live formation does.
  useEffect(() => {
    if (!open) return;
    let current = true;
    void services.bridge.call('formation.export', { format }).then((result) => {
      if (!current) return;
      setAnswer({
        key,
        loaded: result.ok ? { kind: 'ready', value: result.value } : { kind: 'error', message: result.error.message },
      });
    });
    return () => {
      current = false;
    };
  }, [open, format, key, services]);

  const exported = loaded.kind === 'ready' ? loaded.value : null;
  // The chosen file if this export has it, else its first.
  const shown = exported?.files.find((f) => f.path === file) ?? exported?.files[0] ?? null;

  function downloadZip(value: FormationExport) {
    const zip = storeZip(value.files.map((f) => ({ path: `${value.folder}/${f.path}`, text: f.text })));
    download(new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), `${value.folder}.zip`);
  }

  return (
    <dialog ref={dialog} className="export-dialog" aria-labelledby={titleId} onClose={onClose}>
      <form method="dialog" className="export-head">
        <h2 id={titleId}>Export the formation</h2>
        <button type="submit" aria-label="Close export">
          ✕
        </button>
      </form>
      <p className="export-scale">As it runs now: {scale || 'no process types'}</p>
      <label className="field">
        <span>Format</span>
        <select aria-label="Format" value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {EXPORT_FORMATS.map((f) => (
            <option key={f} value={f}>
              {FORMAT_LABELS[f]}
            </option>
          ))}
        </select>
      </label>
      <p role="status" className="export-status">
        {loaded.kind === 'loading'
          ? 'Exporting…'
          : loaded.kind === 'ready'
            ? `${loaded.value.files.length} files for ${loaded.value.app}`
            : ''}
      </p>
      {loaded.kind === 'error' && (
        <p role="alert" className="export-error">
          {loaded.message}
        </p>
      )}
      {exported && (
        <>
          <label className="field">
            <span>File</span>
            <select aria-label="File" value={shown?.path ?? ''} onChange={(e) => setFile(e.target.value)}>
              {exported.files.map((f) => (
                <option key={f.path} value={f.path}>
                  {f.path}
                </option>
              ))}
            </select>
          </label>
          {shown && (
            <pre className="export-preview" tabIndex={0} aria-label={`Contents of ${shown.path}`}>
              {shown.text}
            </pre>
          )}
          {exported.notes.length > 0 && (
            <ul className="export-notes" aria-label="Notes">
              {exported.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {canSaveToFolder ? (
            // Mounted while open only: a reopened dialog starts without the last save's outcome.
            open && <ExportSaveToFolder exported={exported} exportKey={key} />
          ) : (
            <>
              <h3>Install (after unpacking {exported.folder}.zip)</h3>
              <pre className="export-install" tabIndex={0} aria-label="Install commands">
                {exported.install.join('\n')}
              </pre>
              <div className="export-actions">
                <button type="button" className="primary" onClick={() => downloadZip(exported)}>
                  Download {exported.folder}.zip
                </button>
                {shown && (
                  <button
                    type="button"
                    onClick={() => download(new Blob([shown.text], { type: 'text/plain' }), shown.path)}
                  >
                    Download this file
                  </button>
                )}
              </div>
            </>
          )}
        </>
      )}
    </dialog>
  );
}
