/**
 * A crash or a crash loop as a desktop notification, when the policy says so (not while
 * the window has focus, not while stopping, not twice in a burst); a click shows the crash.
 */
import type { InstanceId } from '../../shared/model';
import type { CrashAlert, NotificationPolicy } from './notification-policy';
import type { ProjectWindow } from './project-window';
import type { ShellPlatform } from './shell-platform';

export function notifyCrash(
  platform: Pick<ShellPlatform, 'notify' | 'store'>,
  policy: NotificationPolicy,
  win: ProjectWindow,
  alert: CrashAlert,
  now: { readonly stopping: boolean; readonly now: number },
): void {
  const notify = platform.notify;
  if (!notify) return;
  const enabled = platform.store.settings().notifications;
  const text = policy.decide(alert, { enabled, windowFocused: win.isFocused(), stopping: now.stopping }, now.now);
  if (!text) return;
  const instance: InstanceId = alert.kind === 'crash' ? alert.record.instance : alert.instance;
  const at = alert.kind === 'crash' ? alert.record.at : alert.at;
  notify(text, () => win.revealCrash(instance, at));
}
