/**
 * Opening a project: a folder path (a browser tab has no folder picker), the native
 * picker where the host has one, and recent projects.
 */
import { useEffect, useId, useState, type FormEvent } from 'react';
import type { RecentProject } from '../../shared/contract';
import { Diagnostics } from './Diagnostics';
import { useDashboard, useServices } from './services';

export function OpenProjectForm() {
  const services = useServices();
  const canPick = useDashboard((s) => s.host?.canPickFolder ?? false);
  const [dir, setDir] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function open(path: string) {
    setBusy(true);
    setError(null);
    const result = await services.bridge.call('project.open', { dir: path });
    setBusy(false);
    if (!result.ok) setError(result.error.message);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const path = dir.trim();
    if (path) void open(path);
  }

  async function pick() {
    const result = await services.bridge.call('app.pickFolder', {});
    if (result.ok && result.value) {
      setDir(result.value);
      void open(result.value);
    }
  }

  return (
    <form className="open-form" onSubmit={submit}>
      <label className="field wide">
        <span>Project folder</span>
        <input
          type="text"
          aria-label="Project folder"
          placeholder="/absolute/path/to/project"
          value={dir}
          spellCheck={false}
          onChange={(e) => setDir(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
        />
      </label>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || dir.trim() === ''}>
          Open project
        </button>
        {canPick && (
          <button type="button" onClick={() => void pick()}>
            Choose folder…
          </button>
        )}
      </div>
      {error && (
        <p className="form-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

export function OpenProject() {
  const services = useServices();
  const [recent, setRecent] = useState<readonly RecentProject[]>([]);
  useEffect(() => {
    let live = true;
    void services.bridge.call('app.recentProjects', {}).then((r) => {
      if (live && r.ok) setRecent(r.value);
    });
    return () => {
      live = false;
    };
  }, [services]);
  return (
    <main className="open-project">
      <section aria-label="Open project" className="card">
        <h1>Open a project</h1>
        <p className="dim">
          A folder with a Procfile. Procdeck starts its formation and shows one pane per process type.
        </p>
        <OpenProjectForm />
        <Diagnostics />
        {recent.length > 0 && (
          <>
            <h2>Recent</h2>
            <ul className="recent">
              {recent.map((r) => (
                <li key={r.dir}>
                  <button
                    type="button"
                    className="link"
                    onClick={() => void services.bridge.call('project.open', { dir: r.dir })}
                  >
                    {r.name}
                  </button>{' '}
                  <span className="dim">{r.dir}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </main>
  );
}
