/**
 * Keeps what the host streams to this page equal to what is on screen.
 *
 * The host's output pump holds one cursor per instance for each page: a subscribe makes
 * one at the oldest byte still buffered (so it replays the buffer), an unsubscribe drops
 * it. What the host streams is forgotten here in one place, `reset`, for the two times
 * the host starts afresh: a new connection has a new pump, and on a project change the
 * host drops every cursor itself (a cursor into the old project's `web.1` would hide the
 * start of the new one's), so the page need not ask for it.
 */
import type { InstanceId } from '../../shared/model';
import type { Bridge } from '../bridge/bridge';

export class SubscriptionSync {
  /** What the host streams to us, each with the call that asked for it (a late refusal of an older call must not undo a newer one). */
  private readonly streaming = new Map<InstanceId, number>();
  private calls = 0;
  private wanted: ReadonlySet<InstanceId> = new Set();
  private connected = false;

  constructor(private readonly bridge: Pick<Bridge, 'call'>) {}

  /** What is on screen now; `replay` (streaming already) are subscribed afresh, which replays their buffer. */
  want(instances: readonly InstanceId[], replay: readonly InstanceId[] = []): void {
    this.wanted = new Set(instances);
    this.sync(replay);
  }

  /** A connection opened: its pump streams nothing yet. */
  open(): void {
    this.connected = true;
    this.reset();
  }

  close(): void {
    this.connected = false;
  }

  /** The host streams nothing to us any more (a new connection, a new project). */
  reset(): void {
    this.streaming.clear();
  }

  /** The host forgot this instance's cursor (it was removed). */
  forget(id: InstanceId): void {
    this.streaming.delete(id);
  }

  isStreaming(id: InstanceId): boolean {
    return this.streaming.has(id);
  }

  /** On screen but not streaming: the host did not know it yet when it was asked. */
  missing(id: InstanceId): boolean {
    return this.wanted.has(id) && !this.streaming.has(id);
  }

  /** Subscribes and unsubscribes the difference (while connected; a connection syncs when it opens). */
  sync(replay: readonly InstanceId[] = []): void {
    if (!this.connected) return;
    const again = replay.filter((id) => this.wanted.has(id) && this.streaming.has(id));
    for (const id of again) this.streaming.delete(id);
    const add = [...this.wanted].filter((id) => !this.streaming.has(id));
    const remove = [...[...this.streaming.keys()].filter((id) => !this.wanted.has(id)), ...again];
    if (remove.length > 0) {
      for (const id of remove) this.streaming.delete(id);
      void this.bridge.call('output.unsubscribe', { instances: remove });
    }
    if (add.length > 0) {
      const call = ++this.calls;
      for (const id of add) this.streaming.set(id, call);
      void this.bridge.call('output.subscribe', { instances: add }).then((result) => {
        // Unknown to the host (not created yet, or just removed): try again on its next event.
        if (!result.ok) for (const id of add) if (this.streaming.get(id) === call) this.streaming.delete(id);
      });
    }
  }
}
