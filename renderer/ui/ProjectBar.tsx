/**
 * The project bar: which project and Procfile, the whole formation's controls, and a
 * summary of how it is doing.
 */
import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { summarize } from '../../shared/instance-state';
import { EditorSettingMenu } from './environment/EditorSetting';
import { ExportDialog } from './ExportDialog';
import { OpenProjectForm } from './OpenProject';
import { useCall, useDashboard } from './services';

/** The end of a long path, which says the most: `…/clients/shop/api`. */
export function shortPath(path: string, max = 56): string {
  return path.length <= max ? path : `…${path.slice(path.length - max + 1)}`;
}

export function ProjectBar({ onHelp }: { onHelp: () => void }) {
  const project = useDashboard((s) => s.project);
  const summary = useDashboard(useShallow((s) => summarize(s.instances.values())));
  const call = useCall();
  // File › Export… in the desktop app asks through the shell, the button here directly:
  // the dialog is open when the latest ask came after the latest close.
  const exportRequested = useDashboard((s) => s.exportRequested);
  const [clickedAt, setClickedAt] = useState<number | null>(null);
  const [closedAt, setClosedAt] = useState(0);
  const exporting = Math.max(clickedAt ?? 0, exportRequested ?? 0) > closedAt;
  if (!project) return null;
  const procfileName = project.procfile.split('/').pop() ?? project.procfile;
  return (
    <header className="project-bar">
      <div className="project-id">
        <h1 title={project.dir}>{project.name}</h1>
        <span className="project-path" title={project.dir}>
          {shortPath(project.dir)}
        </span>
      </div>
      <div className="project-files">
        {project.procfiles.length > 1 ? (
          <label className="field">
            <span>Procfile</span>
            <select
              aria-label="Procfile"
              value={procfileName}
              onChange={(e) => void call('project.selectProcfile', { procfile: e.target.value })}
            >
              {project.procfiles.map((p) => (
                <option key={p} value={p}>
                  {p}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="chip" title={project.procfile}>
            {procfileName}
          </span>
        )}
        {project.envFiles.map((f) => (
          <span key={f} className="chip" title={f}>
            {f.split('/').pop()}
          </span>
        ))}
        <span className="chip dim" title="how processes are run: a terminal (pty) or plain pipes">
          {project.spawner}
        </span>
      </div>
      <p className="summary" role="status" aria-label="Summary">
        <span className="count ok">{summary.running} running</span>
        {summary.starting > 0 && <span className="count busy">{summary.starting} changing</span>}
        <span className={summary.crashed > 0 ? 'count bad' : 'count'}>{summary.crashed} crashed</span>
        {summary.failed > 0 && <span className="count bad">{summary.failed} failed</span>}
        <span className="count dim">{summary.stopped} stopped</span>
      </p>
      <div className="actions">
        <button type="button" onClick={() => void call('process.start', { target: { scope: 'all' } })}>
          ▶ Start all
        </button>
        <button type="button" onClick={() => void call('process.stop', { target: { scope: 'all' } })}>
          ■ Stop all
        </button>
        <button type="button" onClick={() => void call('process.restart', { target: { scope: 'all' } })}>
          ↻ Restart all
        </button>
        <button type="button" aria-haspopup="dialog" onClick={() => setClickedAt(Date.now())}>
          Export…
        </button>
        <ExportDialog open={exporting} onClose={() => setClosedAt(Date.now())} />
        <button
          type="button"
          className="icon"
          aria-haspopup="dialog"
          aria-label="Keyboard shortcuts"
          title="Keyboard shortcuts (?)"
          onClick={onHelp}
        >
          ?
        </button>
        <details className="open-other">
          <summary>Open…</summary>
          <div className="popover">
            <OpenProjectForm />
          </div>
        </details>
        <EditorSettingMenu />
      </div>
    </header>
  );
}
