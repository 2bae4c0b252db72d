/**
 * The Formation menu and the stop question, as the desktop shell asks them of a window:
 * menu items go through the same host calls as the page's buttons.
 */
import type { CallResult } from '../../shared/contract';
import { assertNever } from '../../shared/model';
import type { FormationAction } from './menu-template';
import type { ProjectWindow } from './project-window';
import type { ShellPlatform } from './shell-platform';
import type { ShellWindow } from './shell-ports';

export async function runFormationAction(win: ProjectWindow, action: FormationAction): Promise<CallResult<unknown>> {
  const all = { target: { scope: 'all' as const } };
  switch (action) {
    case 'start-all':
      return win.dispatch('process.start', all);
    case 'stop-all':
      return win.dispatch('process.stop', all);
    case 'restart-all':
      return win.dispatch('process.restart', all);
    case 'reload-procfile':
      return win.dispatch('project.reload', {});
    case 'export':
      win.showExport();
      return { ok: true, value: null };
    default:
      return assertNever(action, 'formation action');
  }
}

/** "Quit Procdeck?" / "Close web-shop?": what stops, and how. */
export function stopQuestion(
  app: { readonly appName: string; readonly graceMs: number },
  live: number,
  why: 'quit' | 'close',
  project?: string | null,
): { title: string; detail: string; action: string } {
  const processes = `${live} process${live === 1 ? '' : 'es'}`;
  return {
    title: why === 'quit' ? `Quit ${app.appName}?` : `Close ${project ?? 'this project'}?`,
    detail: `${processes} still running will be stopped (SIGTERM, then SIGKILL after ${Math.round(app.graceMs / 1000)} s). Asking again while they stop kills them at once.`,
    action: why === 'quit' ? 'Stop and Quit' : 'Stop and Close',
  };
}

/** Asks before stopping live processes, unless the user turned the question off. */
export function confirmStop(
  platform: Pick<ShellPlatform, 'store' | 'dialogs' | 'appName' | 'graceMs'>,
  parent: ShellWindow | null,
  live: number,
  why: 'quit' | 'close',
  project?: string | null,
): Promise<boolean> {
  if (!platform.store.settings().confirmStop) return Promise.resolve(true);
  return platform.dialogs.confirm(parent, stopQuestion(platform, live, why, project));
}
