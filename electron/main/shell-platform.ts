/**
 * What the desktop shell needs from Electron and the OS, as ports: index.ts hands in the
 * real objects (electron-platform.ts), the tests hand in fakes (test/electron/fakes.ts).
 */
import type { EditorChoice } from '../host/editor/editor-choice';
import type { BrowserWindowConstructorOptions, MenuItemConstructorOptions } from 'electron';
import type { EnvValues } from '../core/env/parse-env';
import type { Guard } from '../core/lifeline/lifeline';
import type { RendererSource } from './app-origin';
import type { PathKind } from './launch-args';
import type { NotificationText } from './notification-policy';
import type { OpenQuestion } from './open-confirmation';
import type { DesktopStore } from './persistence/desktop-store';
import type { ShellWindow } from './shell-ports';
import type { Area } from './window-bounds';
import type { EditorTarget } from '../host/editor/editor-command';

/** Native dialogs, by the window they belong to (null: app-modal). */
export interface ShellDialogs {
  pickFolder(parent: ShellWindow | null): Promise<string | null>;
  /** A question with a default "go on" button; true when the user goes on. */
  confirm(parent: ShellWindow | null, message: { title: string; detail: string; action: string }): Promise<boolean>;
  info(parent: ShellWindow | null, message: { title: string; detail: string }): Promise<void>;
  /** Before opening a folder the user did not choose in Procdeck; true to open it. */
  confirmOpen(parent: ShellWindow | null, question: OpenQuestion): Promise<boolean>;
  error(title: string, detail: string): void;
  /** Export… › Save to folder…: the folder to write to; null when cancelled. */
  pickExportFolder(parent: ShellWindow | null): Promise<string | null>;
  /** Before writing an export into a folder holding files Procdeck did not write; true to write. */
  confirmExport(parent: ShellWindow | null, question: OpenQuestion): Promise<boolean>;
  /** Save range…: the file to write (the dialog asks before replacing one), `name` offered; null when cancelled. */
  pickSaveFile(parent: ShellWindow | null, name: string): Promise<string | null>;
}

/** The environment formations get, once the login shell answered (or did not). */
export interface EnvironmentOutcome {
  readonly env: EnvValues;
  /** Said in every window when the inherited environment is used instead. */
  readonly notice: string | null;
}

export interface ShellPlatform {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  readonly version: string;
  readonly isDev: boolean;
  readonly source: RendererSource;
  readonly preloadPath: string;
  readonly iconPath?: string | undefined;
  readonly store: DesktopStore;
  /** workbench: the editor the user chose for file links, remembered per user (host/editor/editor-choice.ts). */
  readonly editorChoice: EditorChoice;
  readonly guard: Guard;
  readonly logRoot: string | null;
  /** ports2: the state folder for open projects' port ranges and moved bases (`<userData>/state`); absent: no overlap check. */
  readonly portsState?: string | null;
  /** The environment until `environment` settles (and for good without it). */
  readonly processEnv: EnvValues;
  /** The login shell's environment, read while the first window shows; projects open when it settles. */
  readonly environment?: Promise<EnvironmentOutcome>;
  readonly graceMs: number;
  readonly dialogs: ShellDialogs;
  createWindow(options: BrowserWindowConstructorOptions): ShellWindow;
  workAreas(): readonly Area[];
  pathKind(path: string): PathKind;
  darkTheme(): boolean;
  /** Null when this OS shows no notifications. */
  notify: ((text: NotificationText, onClick: () => void) => void) | null;
  openExternal(url: string): Promise<void>;
  /** workbench: hands a file to its default application (`shell.openPath`); rejects with its error. */
  openPath(path: string): Promise<void>;
  /** Starts the editor `setting` names (null: none is set, an error) on `target`, detached, in `cwd`. */
  openInEditor(setting: string | null, target: EditorTarget, cwd: string): Promise<void>;
  setMenu(template: MenuItemConstructorOptions[]): void;
  addRecentDocument(dir: string): void;
  clearRecentDocuments(): void;
  setBadgeCount(count: number): void;
  showAbout(): void;
  /** After every formation stopped and the state is saved (close the lifeline here). */
  beforeExit(): Promise<void>;
  /** Quit for real (`app.quit()`); `before-quit` will see `mayQuit`. */
  quit(): void;
  warn(message: string): void;
  now?(): number;
}
