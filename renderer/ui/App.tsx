/**
 * The page: the project bar, problems, the type panes beside the output, and notices;
 * or the "Open project" form when no project is open.
 */
import { useCallback, useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { summarize } from '../../shared/instance-state';
import { ConnectionBanner } from './ConnectionBanner';
import { Diagnostics } from './Diagnostics';
import { installFolderDrop } from './folder-drop';
import { Notices } from './Notices';
import { OpenProject } from './OpenProject';
import { ProjectBar } from './ProjectBar';
import { PortRangeOffer } from './resources/PortRangeOffer';
import { ShutdownOverlay } from './ShutdownOverlay';
import { useDashboard } from './services';
import { ShortcutsHelp } from './shortcuts/ShortcutsHelp';
import { useShortcuts } from './shortcuts/use-shortcuts';
import { TypePane } from './TypePane';
import { Viewer } from './Viewer';

/** `(2 crashed) shop — Procdeck`: the tab says when something is wrong. */
export function pageTitle(name: string | null, crashed: number): string {
  const base = name ? `${name} — Procdeck` : 'Procdeck';
  return crashed > 0 ? `(${crashed} crashed) ${base}` : base;
}

function usePageTitle(): void {
  const name = useDashboard((s) => s.project?.name ?? null);
  const trouble = useDashboard((s) => summarize(s.instances.values()).trouble);
  useEffect(() => {
    document.title = pageTitle(name, trouble);
  }, [name, trouble]);
}

function useFolderDrop(): void {
  useEffect(() => (window.procdeck ? installFolderDrop(window, window.procdeck) : undefined), []);
}

export function App() {
  usePageTitle();
  useFolderDrop();
  const loaded = useDashboard((s) => s.loaded);
  const hasProject = useDashboard((s) => s.project !== null);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useShortcuts(openHelp);
  return (
    <div className="app">
      <ConnectionBanner />
      {hasProject ? (
        <>
          <ProjectBar onHelp={openHelp} />
          <Diagnostics />
          <PortRangeOffer />
          <div className="workspace">
            <TypeList />
            <Viewer />
          </div>
        </>
      ) : loaded ? (
        <OpenProject />
      ) : (
        <main className="loading" aria-busy="true">
          Connecting…
        </main>
      )}
      <ShortcutsHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
      <Notices />
      <ShutdownOverlay />
    </div>
  );
}

function TypeList() {
  const names = useDashboard(useShallow((s) => s.types.map((t) => t.name)));
  return (
    <div className="types" aria-label="Process types" role="group">
      {names.map((name) => (
        <TypePane key={name} name={name} />
      ))}
    </div>
  );
}
