/**
 * What the application menu's items do, over the desktop shell's windows and the platform.
 */
import { PROCFILE_RULES, PROCFILE_RULES_TITLE } from './help-text';
import type { FormationAction, MenuActions } from './menu-template';
import type { ProjectWindow } from './project-window';
import type { ShellPlatform } from './shell-platform';

/** What the menu asks of the shell. */
export interface MenuShell {
  focused(): ProjectWindow | null;
  openFolder(parent: ProjectWindow | null): void;
  openRecent(dir: string): void;
  closeToWelcome(win: ProjectWindow): void;
  formation(win: ProjectWindow, action: FormationAction): void;
  refreshMenu(): void;
}

export function shellMenuActions(
  platform: Pick<ShellPlatform, 'store' | 'dialogs' | 'clearRecentDocuments' | 'showAbout'>,
  shell: MenuShell,
): MenuActions {
  return {
    openFolder: () => shell.openFolder(shell.focused()),
    openRecent: (dir) => shell.openRecent(dir),
    clearRecent: () => {
      platform.store.clearRecent();
      platform.clearRecentDocuments();
      shell.refreshMenu();
    },
    closeProject: () => {
      const win = shell.focused();
      if (win) shell.closeToWelcome(win);
    },
    formation: (action) => {
      const win = shell.focused();
      if (win) shell.formation(win, action);
    },
    setNotifications: (on) => {
      platform.store.updateSettings({ notifications: on });
      shell.refreshMenu();
    },
    showProcfileRules: () =>
      void platform.dialogs.info(shell.focused()?.window ?? null, {
        title: PROCFILE_RULES_TITLE,
        detail: PROCFILE_RULES,
      }),
    showAbout: () => platform.showAbout(),
  };
}
