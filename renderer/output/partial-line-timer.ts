/**
 * Shows partial lines once they have waited as long as the shared line rules say: a timer
 * runs only while one waits, and fires when the oldest is due. For the views made of lines
 * (the merged view, instance terminals with timestamps).
 */
import type { LinePrefixer } from './line-prefixer';

export class PartialLineTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  /** `flushed` runs after the due lines went to the prefixer's sink, to write them out. */
  constructor(
    private readonly prefixer: LinePrefixer,
    private readonly flushed: () => void,
  ) {}

  /** Call after each push: arms the timer if a partial line waits and none is armed. */
  schedule(): void {
    if (this.timer) return;
    const due = this.prefixer.nextPartialDue;
    if (due === null) return;
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.prefixer.flushStale(performance.now());
        this.flushed();
        this.schedule();
      },
      Math.max(0, due - performance.now()),
    );
  }
}
