/**
 * Shown notifications are kept referenced (a collected one loses its click handler, as
 * Electron's docs warn), but not for ever: some Linux notification servers never report
 * a notification closed, so the set would only grow. The oldest beyond `max` is let go
 * (closed first). Generic over the notification type, so it is tested without Electron.
 */
export interface Closable {
  close(): void;
}

export class NotificationKeeper<N extends Closable> {
  private readonly kept = new Set<N>();

  constructor(private readonly max = 10) {}

  get size(): number {
    return this.kept.size;
  }

  keep(notification: N): void {
    this.kept.add(notification);
    while (this.kept.size > this.max) {
      const oldest = this.kept.values().next().value as N;
      this.kept.delete(oldest);
      oldest.close();
    }
  }

  /** Clicked, closed or failed: no longer needed. */
  release(notification: N): void {
    this.kept.delete(notification);
  }
}
