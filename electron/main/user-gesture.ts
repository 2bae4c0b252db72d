/**
 * Links leave the app only after a user click: the renderer asks (`link.open`), but main
 * opens the link only if that window saw a mouse click or an Enter key in the last
 * moments, and each gesture opens at most one link. A page that calls `link.open` on its
 * own (a hostile log line cannot, but defence in depth) opens nothing.
 */
export const GESTURE_WINDOW_MS = 3000;

export class UserGestureGate {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly windowMs = GESTURE_WINDOW_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** From `before-mouse-event` (mouseUp, left or middle button) and `before-input-event` (Enter). */
  observe(input: {
    readonly type: string;
    readonly button?: string | undefined;
    readonly key?: string | undefined;
  }): void {
    const click = input.type === 'mouseUp' && (input.button === 'left' || input.button === 'middle');
    const enter = input.type === 'keyDown' && input.key === 'Enter';
    if (click || enter) this.last = this.now();
  }

  /** True (once) when a gesture happened recently. */
  take(): boolean {
    const recent = this.now() - this.last <= this.windowMs;
    if (recent) this.last = Number.NEGATIVE_INFINITY;
    return recent;
  }
}
