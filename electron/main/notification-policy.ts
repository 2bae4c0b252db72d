/**
 * When a crash earns a native notification. Pure (the clock is a parameter).
 *
 * - Only crashes and crash loops: a stop the user asked for is never a crash, and nothing
 *   is notified while a formation is being stopped for a close or quit.
 * - Not while the project's window has the focus: the crash is on screen already.
 * - At most one per instance and kind every `perInstanceMs`, and `maxPerWindow` in any
 *   `windowMs` across the app. What was held back is counted and mentioned in the next
 *   notification ("and 4 more crashes"), so a crash storm is one line, not forty.
 */
import { describeExit, type CrashRecord, type InstanceId } from '../../shared/model';

export interface NotificationLimits {
  readonly perInstanceMs: number;
  readonly windowMs: number;
  readonly maxPerWindow: number;
}

export const DEFAULT_NOTIFICATION_LIMITS: NotificationLimits = {
  perInstanceMs: 60_000,
  windowMs: 60_000,
  maxPerWindow: 3,
};

export type CrashAlert =
  | { readonly kind: 'crash'; readonly project: string; readonly record: CrashRecord }
  | {
      readonly kind: 'crash-loop';
      readonly project: string;
      readonly instance: InstanceId;
      readonly failures: number;
      readonly at: number;
    };

export interface AlertContext {
  readonly enabled: boolean;
  readonly windowFocused: boolean;
  readonly stopping: boolean;
}

export interface NotificationText {
  readonly title: string;
  readonly body: string;
}

export class NotificationPolicy {
  private readonly lastByKey = new Map<string, number>();
  private sent: number[] = [];
  private held = 0;

  constructor(private readonly limits: NotificationLimits = DEFAULT_NOTIFICATION_LIMITS) {}

  /** The notification to show for this alert now, or null to stay quiet. */
  decide(alert: CrashAlert, context: AlertContext, now: number): NotificationText | null {
    if (!context.enabled || context.stopping) return null;
    if (context.windowFocused) return null;
    const instance = alert.kind === 'crash' ? alert.record.instance : alert.instance;
    const key = `${alert.project}\u0000${instance}\u0000${alert.kind}`;
    const last = this.lastByKey.get(key);
    this.sent = this.sent.filter((t) => now - t < this.limits.windowMs);
    if (
      (last !== undefined && now - last < this.limits.perInstanceMs) ||
      this.sent.length >= this.limits.maxPerWindow
    ) {
      this.held++;
      return null;
    }
    this.lastByKey.set(key, now);
    this.sent.push(now);
    if (this.lastByKey.size > 1000) this.lastByKey.clear();
    const text = notificationText(alert);
    const held = this.held;
    this.held = 0;
    return held ? { ...text, body: `${text.body}\n(and ${held} more crash${held === 1 ? '' : 'es'} not shown)` } : text;
  }
}

export function notificationText(alert: CrashAlert): NotificationText {
  if (alert.kind === 'crash-loop') {
    return {
      title: `${alert.instance} is crash-looping — ${alert.project}`,
      body: `It failed ${alert.failures} times in a row; Procdeck stopped restarting it.`,
    };
  }
  const { record } = alert;
  const lastLine = [...record.lastLines].reverse().find((line) => line.trim() !== '');
  return {
    title: `${record.instance} crashed (${describeExit(record.exit)}) — ${alert.project}`,
    body: lastLine ? lastLine.slice(0, 200) : `after ${Math.round(record.uptimeMs / 1000)} s`,
  };
}

/**
 * The text as the OS will show it. On Linux the body goes to the notification server as
 * it is (libnotify's notify_notification_new in shell/browser/notifications/linux/
 * libnotify_notification.cc), and servers with the "body-markup" capability read it as
 * markup (the Desktop Notifications Specification: <b>, <i>, <a href>, <img>, entities).
 * A crash's last line is a process's output: escaped, so it shows as written.
 */
export function forPlatform(text: NotificationText, platform: NodeJS.Platform): NotificationText {
  if (platform !== 'linux') return text;
  return { title: text.title, body: escapeMarkup(text.body) };
}

export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => MARKUP_ENTITIES[c] ?? c);
}

const MARKUP_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
