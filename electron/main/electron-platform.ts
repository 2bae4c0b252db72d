/**
 * The real Electron objects, shaped as the `ShellPlatform` the desktop shell runs on.
 * Glue only: each member is one Electron call. (Untested by Vitest, which cannot load
 * Electron; `tsc` checks it against electron.d.ts, and the end-to-end spec runs it.)
 */
import { app, BrowserWindow, dialog, Menu, nativeTheme, Notification, screen, shell } from 'electron';
import type { MessageBoxOptions, MessageBoxReturnValue, OpenDialogOptions } from 'electron';
import type { RendererSource } from './app-origin';
import type { EnvironmentOutcome, ShellDialogs, ShellPlatform } from './shell-platform';
import type { OpenQuestion } from './open-confirmation';
import { pathKindOnDisk } from './launch-args';
import { NotificationKeeper } from './notification-keeper';
import { forPlatform, type NotificationText } from './notification-policy';
import type { DesktopStore } from './persistence/desktop-store';
import type { ShellWindow } from './shell-ports';
import type { Guard } from '../core/lifeline/lifeline';
import type { EnvValues } from '../core/env/parse-env';
import type { EditorChoice } from '../host/editor/editor-choice';
import { launchEditor } from '../host/editor/editor-launch';

export interface PlatformConfig {
  readonly source: RendererSource;
  readonly preloadPath: string;
  readonly iconPath: string | undefined;
  readonly store: DesktopStore;
  readonly editorChoice: EditorChoice;
  readonly guard: Guard;
  readonly logRoot: string;
  readonly portsState: string;
  readonly processEnv: EnvValues;
  readonly environment: Promise<EnvironmentOutcome>;
  readonly graceMs: number;
  readonly beforeExit: () => Promise<void>;
  readonly warn: (message: string) => void;
}

const shown = new NotificationKeeper<Notification>();

export function electronPlatform(config: PlatformConfig): ShellPlatform {
  // A destroyed window's id throws: such a dialog has no parent.
  const parent = (win: ShellWindow | null): BrowserWindow | null =>
    win && !win.isDestroyed() ? BrowserWindow.fromId(win.id) : null;
  /** A folder picker owned by the window (app-modal without one); null when cancelled. */
  const pickDirectory = async (win: ShellWindow | null, options: OpenDialogOptions): Promise<string | null> => {
    const owner = parent(win);
    const chosen = { ...options, properties: ['openDirectory' as const, 'createDirectory' as const] };
    const result = owner ? await dialog.showOpenDialog(owner, chosen) : await dialog.showOpenDialog(chosen);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  const ask = async (win: ShellWindow | null, options: MessageBoxOptions): Promise<MessageBoxReturnValue> => {
    const owner = parent(win);
    return owner ? dialog.showMessageBox(owner, options) : dialog.showMessageBox(options);
  };
  /** A question whose default is Cancel (opening a folder, writing among foreign files); true to go on. */
  const askCautious = async (win: ShellWindow | null, question: OpenQuestion): Promise<boolean> => {
    const options = {
      type: 'warning' as const,
      buttons: [question.action, 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: question.title,
      detail: question.detail,
    };
    return (await ask(win, options)).response === 0;
  };
  const dialogs: ShellDialogs = {
    pickFolder: (win) => pickDirectory(win, { title: 'Open a project folder' }),
    async confirm(win, message) {
      const result = await ask(win, {
        type: 'warning',
        buttons: [message.action, 'Cancel'],
        defaultId: 0,
        cancelId: 1,
        message: message.title,
        detail: message.detail,
        checkboxLabel: 'Do not ask again',
      });
      if (result.response === 0 && result.checkboxChecked) config.store.updateSettings({ confirmStop: false });
      return result.response === 0;
    },
    async info(win, message) {
      await ask(win, { type: 'info', message: message.title, detail: message.detail, buttons: ['OK'] });
    },
    // No "do not ask again": each folder the page names is asked about.
    confirmOpen: askCautious,
    error: (title, detail) => dialog.showErrorBox(title, detail),
    pickExportFolder: (win) => pickDirectory(win, { title: 'Save the export to a folder', buttonLabel: 'Save Here' }),
    confirmExport: askCautious,
    async pickSaveFile(win, name) {
      const owner = parent(win);
      const options = {
        title: 'Save the range to a file',
        defaultPath: name,
        filters: [{ name: 'Text', extensions: ['txt', 'log'] }],
      };
      const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
  };

  return {
    platform: process.platform,
    appName: 'Procdeck',
    version: app.getVersion(),
    isDev: !app.isPackaged,
    source: config.source,
    preloadPath: config.preloadPath,
    iconPath: config.iconPath,
    store: config.store,
    editorChoice: config.editorChoice,
    guard: config.guard,
    logRoot: config.logRoot,
    portsState: config.portsState,
    processEnv: config.processEnv,
    environment: config.environment,
    graceMs: config.graceMs,
    dialogs,
    createWindow: (options) => new BrowserWindow(options),
    workAreas: () => screen.getAllDisplays().map((d) => d.workArea),
    pathKind: pathKindOnDisk,
    darkTheme: () => nativeTheme.shouldUseDarkColors,
    notify: Notification.isSupported()
      ? (text: NotificationText, onClick: () => void) => {
          const shownText = forPlatform(text, process.platform);
          const notification = new Notification({ title: shownText.title, body: shownText.body });
          shown.keep(notification);
          notification.on('click', () => {
            shown.release(notification);
            onClick();
          });
          notification.on('close', () => shown.release(notification));
          notification.on('failed', () => shown.release(notification));
          notification.show();
        }
      : null,
    openExternal: (url) => shell.openExternal(url, { activate: true }),
    openInEditor: launchEditor,
    openPath: async (path) => {
      const error = await shell.openPath(path);
      if (error) throw new Error(`could not open the log: ${error}`);
    },
    setMenu: (template) => Menu.setApplicationMenu(Menu.buildFromTemplate(template)),
    addRecentDocument: (dir) => app.addRecentDocument(dir),
    clearRecentDocuments: () => app.clearRecentDocuments(),
    // The dock (macOS) and Unity-style launchers (Linux); Windows has no app badge.
    setBadgeCount: (count) => {
      if (process.platform !== 'win32') app.setBadgeCount(count);
    },
    showAbout: () => app.showAboutPanel(),
    beforeExit: config.beforeExit,
    quit: () => app.quit(),
    warn: config.warn,
  };
}
