/**
 * The application menu, as data: a pure function of the app's state and the actions it
 * calls. index.ts turns it into a native menu (`Menu.buildFromTemplate`).
 *
 * Shortcuts: on macOS the usual ⌘ keys; on Linux and Windows Ctrl+Shift, because plain
 * Ctrl+W, Ctrl+O or Ctrl+C belong to the programs typed into in a terminal view.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { RecentProject } from '../../shared/contract';

/** `export` opens the page's export dialog, which exports the live formation (`formation.export`). */
export type FormationAction = 'start-all' | 'stop-all' | 'restart-all' | 'reload-procfile' | 'export';

export interface MenuState {
  readonly platform: NodeJS.Platform;
  readonly appName: string;
  /** Development build: developer tools and reload are offered. */
  readonly isDev: boolean;
  readonly recent: readonly RecentProject[];
  /** The focused window shows a project. */
  readonly hasProject: boolean;
  readonly notifications: boolean;
}

export interface MenuActions {
  openFolder(): void;
  openRecent(dir: string): void;
  clearRecent(): void;
  closeProject(): void;
  formation(action: FormationAction): void;
  setNotifications(on: boolean): void;
  showProcfileRules(): void;
  showAbout(): void;
}

export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = state.platform === 'darwin';
  const key = (macKey: string, otherKey: string) => (mac ? macKey : otherKey);

  const openRecent: MenuItemConstructorOptions = {
    label: 'Open Recent',
    submenu: [
      ...state.recent.map((project): MenuItemConstructorOptions => ({
        label: recentLabel(project),
        click: () => actions.openRecent(project.dir),
      })),
      ...(state.recent.length ? [{ type: 'separator' as const }] : []),
      {
        label: mac ? 'Clear Menu' : 'Clear Recent Projects',
        enabled: state.recent.length > 0,
        click: () => actions.clearRecent(),
      },
    ],
  };

  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Open Folder…', accelerator: key('Cmd+O', 'Ctrl+Shift+O'), click: () => actions.openFolder() },
      openRecent,
      { type: 'separator' },
      {
        label: 'Export…',
        accelerator: key('Cmd+E', 'Ctrl+Shift+E'),
        enabled: state.hasProject,
        click: () => actions.formation('export'),
      },
      { type: 'separator' },
      { label: 'Close Project', accelerator: key('Cmd+W', 'Ctrl+Shift+W'), click: () => actions.closeProject() },
      ...(mac
        ? []
        : [{ type: 'separator' as const }, { role: 'quit' as const, label: 'Quit', accelerator: 'Ctrl+Shift+Q' }]),
    ],
  };

  const formation: MenuItemConstructorOptions = {
    label: 'Formation',
    submenu: [
      {
        label: 'Start All',
        accelerator: key('Cmd+Shift+S', 'Ctrl+Shift+S'),
        enabled: state.hasProject,
        click: () => actions.formation('start-all'),
      },
      {
        label: 'Stop All',
        accelerator: key('Cmd+Shift+X', 'Ctrl+Shift+X'),
        enabled: state.hasProject,
        click: () => actions.formation('stop-all'),
      },
      {
        label: 'Restart All',
        accelerator: key('Cmd+Shift+R', 'Ctrl+Shift+R'),
        enabled: state.hasProject,
        click: () => actions.formation('restart-all'),
      },
      { type: 'separator' },
      {
        label: 'Reload Procfile',
        accelerator: key('Cmd+Shift+L', 'Ctrl+Shift+L'),
        enabled: state.hasProject,
        click: () => actions.formation('reload-procfile'),
      },
      { type: 'separator' },
      {
        label: 'Notify on Crashes',
        type: 'checkbox',
        checked: state.notifications,
        click: (item) => actions.setNotifications(item.checked),
      },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
      ...(state.isDev
        ? [{ type: 'separator' as const }, { role: 'reload' as const }, { role: 'toggleDevTools' as const }]
        : []),
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Procfile Rules', click: () => actions.showProcfileRules() },
      ...(mac
        ? []
        : [{ type: 'separator' as const }, { label: `About ${state.appName}`, click: () => actions.showAbout() }]),
    ],
  };

  // No Edit menu on Linux and Windows: its Ctrl+C accelerator would take the key from a
  // terminal view (where it means SIGINT); copy and paste work in the page without it.
  if (!mac) return [file, formation, view, help];
  const appMenu: MenuItemConstructorOptions = {
    label: state.appName,
    submenu: [
      { role: 'about' },
      { type: 'separator' },
      { role: 'services' },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { role: 'quit' },
    ],
  };
  return [appMenu, file, { role: 'editMenu' }, formation, view, { role: 'windowMenu' }, help];
}

function recentLabel(project: RecentProject): string {
  // `&` would become a mnemonic on Windows and Linux.
  return `${project.name} — ${project.dir}`.replaceAll('&', '&&');
}
