/**
 * What one project window's `ProjectHost` may do in the desktop app: PTYs, the login shell's
 * environment, native folder and export dialogs, links only right after a click, and the
 * formation remembered per project.
 */
import type { HostInfo } from '../../shared/contract';
import type { EnvironmentSource } from '../../shared/environment';
import { isSafeExternalUrl } from '../../shared/links';
import type { EnvValues } from '../core/env/parse-env';
import { saveExportToFolder } from '../core/export/save-export';
import { saveRangeFile } from '../core/output/save-range-file';
import { editorToLaunch } from '../host/editor/editor-choice';
import type { HostServices } from '../host/project-host';
import { exportQuestion } from './export-confirmation';
import type { ProjectWindow } from './project-window';
import type { ShellPlatform } from './shell-platform';

/** What the shell keeps for all windows. */
export interface ShellState {
  /** Read at each open: the login shell's environment once it arrived. */
  readonly processEnv: EnvValues;
  /** Where `processEnv` came from: the login shell's, or Procdeck's own. */
  readonly environmentSource: EnvironmentSource;
  /** A folder the user picked natively may be opened without asking again. */
  grant(dir: string): void;
}

export function windowHostServices(platform: ShellPlatform, win: ProjectWindow, shell: ShellState): HostServices {
  const info: HostInfo = {
    kind: 'electron',
    version: platform.version,
    canPickFolder: true,
    canSaveToFolder: true,
    canSaveFile: true,
    platform: platform.platform,
  };
  const parent = () => (win.window.isDestroyed() ? null : win.window);
  return {
    info,
    spawnerKind: 'pty',
    guard: platform.guard,
    graceMs: platform.graceMs,
    defaultPolicy: 'keep',
    get processEnv() {
      return shell.processEnv;
    },
    get environmentSource() {
      return shell.environmentSource;
    },
    logRoot: platform.logRoot,
    portsState: platform.portsState ?? null,
    recentProjects: () => platform.store.recentProjects(),
    pickFolder: async () => {
      // The page's "Open folder…" button: what the user picks is granted.
      const dir = await platform.dialogs.pickFolder(parent());
      if (dir) shell.grant(dir);
      return dir;
    },
    saveExport: (exported) =>
      saveExportToFolder(exported, {
        chooseFolder: () => platform.dialogs.pickExportFolder(parent()),
        confirmForeign: (dir, foreign) =>
          platform.dialogs.confirmExport(parent(), exportQuestion(exported.format, dir, foreign)),
      }),
    // timestamps: Save range… writes where the user picks in the native save dialog.
    saveTextFile: (name, text) => saveRangeFile(() => platform.dialogs.pickSaveFile(parent(), name), text),
    openLink: async (url) => {
      if (!isSafeExternalUrl(url)) throw new Error('only http(s) links open outside the app');
      if (!win.gesture.take()) throw new Error('a link opens only right after a click');
      await platform.openExternal(url);
    },
    // A `path:line` in the output, already checked to lie inside the project (editor-calls.ts):
    // in the user's $VISUAL/$EDITOR from the login shell's environment, and only right after a click.
    openInEditor: async (target) => {
      if (!win.gesture.take()) throw new Error('a file opens in your editor only right after a click');
      await platform.openInEditor(
        editorToLaunch(platform.editorChoice.read(), shell.processEnv),
        target,
        win.dir ?? target.file,
      );
    },
    // workbench: "Full log" opens the file in the user's viewer, only right after a click.
    openLogFile: async (path) => {
      if (!win.gesture.take()) throw new Error('a log opens only right after a click');
      await platform.openPath(path);
    },
    // workbench: the editor chosen in the app wins over the login shell's $VISUAL/$EDITOR.
    editorChoice: {
      choice: platform.editorChoice,
      get env() {
        return shell.processEnv;
      },
    },
    saved: (dir) => platform.store.savedForHost(dir),
    remember: (snapshot) => platform.store.rememberFormation(snapshot),
    warn: (message) => platform.warn(message),
  };
}
