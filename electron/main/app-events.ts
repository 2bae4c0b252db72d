/**
 * Electron's `app` events, wired to the desktop shell. Listened to at once, before the app
 * is ready and before the login shell's environment has been read: a second launch
 * (`second-instance`) or the Finder (`open-file`) may hand over folders in that time, and
 * they are queued, not lost, until the shell exists (`ready`).
 *
 * Quitting is the shell's (quit-coordinator.ts): `before-quit` is held until every
 * formation has stopped; then the shell calls `app.quit()` again, which closes the windows.
 */
import { pathArguments } from './launch-args';
import type { PreventableEvent } from './shell-ports';

/** The part of Electron's `app` this module uses (the real one satisfies it). */
export interface AppPort {
  on(event: 'before-quit', listener: (event: PreventableEvent) => void): unknown;
  on(
    event: 'second-instance',
    listener: (event: unknown, argv: string[], workingDirectory: string, additionalData: unknown) => void,
  ): unknown;
  on(event: 'open-file', listener: (event: PreventableEvent, path: string) => void): unknown;
  on(event: 'activate', listener: (event: unknown, hasVisibleWindows: boolean) => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
}

/** What the app events need of the shell (DesktopShell satisfies it). */
export interface AppShell {
  readonly quitter: { readonly mayQuit: boolean };
  requestQuit(options?: { readonly confirm: boolean }): Promise<void>;
  /** Opens the folders a launch named (granted: they came from the user); `welcome` when none. */
  openPaths(paths: readonly string[], cwd: string, welcome: boolean): void;
  hasWindows(): boolean;
  openWelcome(): unknown;
}

export interface AppEventOptions {
  readonly platform: NodeJS.Platform;
  /** `process.defaultApp`: run as `electron APP_PATH …`. */
  readonly defaultApp: boolean;
  readonly cwd: () => string;
}

export interface AppEvents {
  /** The shell exists: hand it what arrived before, and everything after. */
  ready(shell: AppShell): void;
}

interface Handover {
  readonly paths: readonly string[];
  readonly cwd: string;
  readonly welcome: boolean;
}

export function wireAppEvents(app: AppPort, options: AppEventOptions): AppEvents {
  let shell: AppShell | null = null;
  const queued: Handover[] = [];
  const hand = (handover: Handover) => {
    if (shell) shell.openPaths(handover.paths, handover.cwd, handover.welcome);
    else queued.push(handover);
  };

  app.on('second-instance', (_event, argv, workingDirectory, data) => {
    const handed = handedOver(data);
    const paths = handed ? handed.paths : pathArguments(argv, options.defaultApp);
    hand({ paths, cwd: handed?.cwd ?? workingDirectory, welcome: true });
  });
  // macOS hands over folders (Dock, Finder, recent documents) through open-file, possibly before ready.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    hand({ paths: [path], cwd: options.cwd(), welcome: false });
  });
  app.on('activate', () => {
    // Before the shell exists the start-up opens a window anyway.
    if (shell && !shell.hasWindows()) shell.openWelcome();
  });
  app.on('window-all-closed', () => {
    // macOS apps stay running without windows; elsewhere the last window closing quits.
    if (shell && options.platform !== 'darwin') void shell.requestQuit({ confirm: false });
  });
  app.on('before-quit', (event) => {
    if (!shell || shell.quitter.mayQuit) return;
    event.preventDefault();
    void shell.requestQuit();
  });

  return {
    ready(ready) {
      shell = ready;
      for (const handover of queued.splice(0)) ready.openPaths(handover.paths, handover.cwd, handover.welcome);
    },
  };
}

/** A second launch's `additionalData` (requestSingleInstanceLock): `{ cwd, paths }`, bounded. */
export function handedOver(data: unknown): { cwd: string; paths: string[] } | null {
  if (typeof data !== 'object' || data === null) return null;
  const { cwd, paths } = data as { cwd?: unknown; paths?: unknown };
  if (typeof cwd !== 'string' || !Array.isArray(paths) || paths.length > 100) return null;
  return { cwd, paths: paths.filter((p): p is string => typeof p === 'string' && p.length <= 4096) };
}
