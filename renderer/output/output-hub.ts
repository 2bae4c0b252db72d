/**
 * The output path from the bridge to the terminals; React never sees a byte.
 *
 * Per instance it remembers how far each view has got (the instance's terminal, and the
 * merged view, which misses what arrives while it does not show the instance), so
 * overlapping replays (a re-subscribe after the view was closed, a reconnect) are trimmed
 * to what is new for that view, and a hole (the host skipped ahead for a slow view, the
 * ring dropped old bytes, the merged view was not showing the instance) is shown as a
 * marker line. Each batch goes to the instance's terminal and, when the merged view shows
 * that instance, to the merged terminal with prefixes; once every write of a batch has
 * been processed by xterm, its bytes are acknowledged to the host (AckCounter), which is
 * what lets the host send more. When the merged view takes an instance back in and is
 * behind its terminal, the hub asks the host for a replay, so the merged view catches up
 * (a stream that has ended shows its last line there too).
 *
 * Who calls what: main.tsx feeds events in (`onOutput`, `onGap`, `onEvent`, `onStatus`);
 * the terminal panel says what is on screen (`setWanted`).
 */
import type { OutputBatch, OutputGap } from '../../shared/contract';
import { assertNever, type InstanceId } from '../../shared/model';
import type { Bridge, ConnectionStatus } from '../bridge/bridge';
import type { StateEvent } from '../store/host-state';
import { instanceViewId, type ViewId } from '../store/view';
import { AckCounter } from './ack-counter';
import { formatBytes } from './format-bytes';
import { LinePrefixer } from './line-prefixer';
import { unseenPart, type UnseenPart } from './unseen-part';

/** Counters for the test hook and for people debugging a slow view. */
export interface OutputStats {
  batches: number;
  /** Bytes the host sent. */
  bytesReceived: number;
  /** Bytes written to instance terminals (replays trimmed of what was already shown). */
  bytesWritten: number;
  /** Holes shown as "… N KB skipped" (the host skipped ahead, or the buffer had moved on). */
  gaps: number;
  bytesSkipped: number;
}

/** What the hub needs of the terminals (the TerminalRegistry; a fake in tests). */
export interface OutputTerminals {
  /** Writes to the view's terminal (creating it if needed); `done` runs once xterm has processed it. */
  write(viewId: ViewId, data: string | Uint8Array, done?: () => void): void;
  /** Forgets a terminal and its content. */
  dispose(viewId: ViewId): void;
  /** Empties a terminal but keeps it. */
  reset(viewId: ViewId): void;
  views(): ViewId[];
}

interface Feed {
  /** Offset one past the last byte the instance's terminal shows (or marks as skipped); null before the first batch. */
  written: number | null;
  /** The same for the merged view. */
  merged: number | null;
}

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** One instance's output state, for the test hook and for people debugging a slow view. */
export interface FeedInspection {
  readonly written: number | null;
  readonly merged: number | null;
  readonly subscribed: boolean;
  readonly unacked: number;
  readonly writesInFlight: number;
}

export class OutputHub {
  private readonly feeds = new Map<InstanceId, Feed>();
  /** What the host streams to us, each with the call that asked for it (a late refusal of an older call must not undo a newer one). */
  private readonly subscribed = new Map<InstanceId, number>();
  private subscribeCalls = 0;
  private wanted = new Set<InstanceId>();
  private merged = new Set<InstanceId>();
  private readonly acks: AckCounter;
  private readonly prefixer: LinePrefixer;
  private epoch = 0;
  private connected = false;
  private partialTimer: ReturnType<typeof setTimeout> | null = null;
  private projectKey: string | null = null;
  readonly stats: OutputStats = { batches: 0, bytesReceived: 0, bytesWritten: 0, gaps: 0, bytesSkipped: 0 };

  constructor(
    private readonly bridge: Bridge,
    private readonly terminals: OutputTerminals,
    colorOf: (id: InstanceId) => string,
  ) {
    this.acks = new AckCounter((instance, bytes) => this.bridge.notify('output.ack', { instance, bytes }));
    this.prefixer = new LinePrefixer(colorOf);
  }

  /**
   * What is on screen: `instances` need their output; `merged` are those the merged
   * view shows (a subset). Subscribes and unsubscribes the difference.
   */
  setWanted(instances: readonly InstanceId[], merged: readonly InstanceId[]): void {
    // Taken back into the merged view while behind its terminal: what it missed (the
    // stream's end, perhaps) comes again only in a replay, so ask for one.
    const behind = merged.filter((id) => !this.merged.has(id) && this.mergedBehind(id));
    this.wanted = new Set(instances);
    this.merged = new Set(merged);
    this.prefixer.reserveWidth(Math.max(0, ...merged.map((id) => id.length)));
    if (this.connected) this.syncSubscriptions(behind);
  }

  /** Per instance: how far its terminal and the merged view have got, whether it streams, what awaits an ack. */
  inspect(): Record<string, FeedInspection> {
    const out: Record<string, FeedInspection> = {};
    for (const [id, feed] of this.feeds) {
      const pending = this.acks.pendingOf(id);
      out[id] = { written: feed.written, merged: feed.merged, subscribed: this.subscribed.has(id), unacked: pending.bytes, writesInFlight: pending.writes };
    }
    return out;
  }

  onStatus(status: ConnectionStatus): void {
    if (status.kind !== 'open') {
      this.connected = false;
      return;
    }
    this.connected = true;
    // A new connection has a new pump: no subscriptions, no bytes in flight.
    this.epoch++;
    this.acks.reset();
    this.subscribed.clear();
    if (status.reconnected) void this.resync();
    else this.syncSubscriptions();
  }

  /** State events that matter to the output: a new project, a removed instance. */
  onEvent(message: StateEvent): void {
    if (message.event === 'snapshot') {
      const key = message.payload ? `${message.payload.dir}\n${message.payload.procfile}` : null;
      if (key !== this.projectKey) {
        this.projectKey = key;
        this.resetAll();
      }
      if (this.connected) this.syncSubscriptions();
    } else if (message.event === 'instance-removed') {
      // A scaled-away slot: a new one with the same name starts a new stream at 0.
      this.resetInstance(message.payload.id);
    } else if (message.event === 'instance' && this.wanted.has(message.payload.id) && !this.subscribed.has(message.payload.id)) {
      if (this.connected) this.syncSubscriptions();
    }
  }

  onOutput(batch: OutputBatch): void {
    const { instance: id } = batch;
    const feed = this.feed(id);
    this.stats.batches++;
    this.stats.bytesReceived += batch.data.byteLength;
    const end = batch.offset + batch.data.byteLength;
    const own = unseenPart(feed.written, batch.offset, batch.data);
    const merged = this.merged.has(id) ? unseenPart(feed.merged, batch.offset, batch.data) : null;
    const writes = (own.data.byteLength > 0 ? 1 : 0) + (merged && merged.data.byteLength > 0 ? 1 : 0);
    const bytes = batch.data.byteLength;
    const epoch = this.epoch;
    let remaining = writes;
    const oneDone = () => {
      if (--remaining === 0 && epoch === this.epoch) this.acks.end(id, bytes);
    };
    this.acks.begin(id);
    if (writes === 0) {
      this.acks.end(id, bytes);
      return;
    }
    if (own.data.byteLength > 0) {
      const view = instanceViewId(id);
      const prelude = this.prelude(id, own);
      if (own.kind === 'after-hole') {
        this.stats.gaps++;
        this.stats.bytesSkipped += own.skipped;
      }
      feed.written = end;
      this.stats.bytesWritten += own.data.byteLength;
      if (prelude) this.terminals.write(view, `\r\n${prelude}\r\n`);
      this.terminals.write(view, own.data, oneDone);
    }
    if (merged && merged.data.byteLength > 0) {
      const prelude = this.prelude(id, merged);
      feed.merged = end;
      const text = (prelude ? this.prefixer.marker(id, prelude) : '') + this.prefixer.push(id, merged.data, performance.now());
      this.terminals.write('merged', text, oneDone);
      this.schedulePartialFlush();
    }
  }

  onGap(gap: OutputGap): void {
    const feed = this.feed(gap.instance);
    const text = this.gapText(gap.instance, gap.skipped);
    this.stats.gaps++;
    this.stats.bytesSkipped += gap.skipped;
    this.terminals.write(instanceViewId(gap.instance), `\r\n${text}\r\n`);
    feed.written = gap.resumeAt;
    // A merged view not showing the instance marks the hole itself when it next gets a batch.
    if (this.merged.has(gap.instance)) {
      this.terminals.write('merged', this.prefixer.marker(gap.instance, text));
      feed.merged = gap.resumeAt;
    }
  }

  /** The marker line a view shows ahead of this part of a batch; '' when none. */
  private prelude(id: InstanceId, part: UnseenPart): string {
    switch (part.kind) {
      case 'first':
        return part.before > 0 ? `${DIM}… ${formatBytes(part.before)} of earlier output is no longer buffered${RESET}` : '';
      case 'next':
        return '';
      case 'after-hole':
        return this.gapText(id, part.skipped);
      default:
        return assertNever(part);
    }
  }

  private mergedBehind(id: InstanceId): boolean {
    const feed = this.feeds.get(id);
    return feed !== undefined && feed.written !== null && feed.merged !== feed.written;
  }

  private gapText(id: InstanceId, skipped: number): string {
    const url = this.bridge.logUrl(id);
    // An OSC 8 link: the visible words, with the URL (and its token) out of sight.
    const link = url ? `\x1b]8;;${url}\x07open the full log\x1b]8;;\x07` : 'the full log keeps every byte';
    return `${DIM}… ${formatBytes(skipped)} skipped — ${link}${RESET}`;
  }

  /** Subscribes and unsubscribes the difference; `replay` (streaming already) are subscribed afresh, which replays their buffer. */
  private syncSubscriptions(replay: readonly InstanceId[] = []): void {
    const again = replay.filter((id) => this.wanted.has(id) && this.subscribed.has(id));
    for (const id of again) this.subscribed.delete(id);
    const add = [...this.wanted].filter((id) => !this.subscribed.has(id));
    const remove = [...[...this.subscribed.keys()].filter((id) => !this.wanted.has(id)), ...again];
    if (remove.length > 0) {
      for (const id of remove) this.subscribed.delete(id);
      void this.bridge.call('output.unsubscribe', { instances: remove });
    }
    if (add.length > 0) {
      const call = ++this.subscribeCalls;
      for (const id of add) this.subscribed.set(id, call);
      void this.bridge.call('output.subscribe', { instances: add }).then((result) => {
        // Unknown to the host (not created yet, or just removed): try again on its next event.
        if (!result.ok) for (const id of add) if (this.subscribed.get(id) === call) this.subscribed.delete(id);
      });
    }
  }

  /**
   * After a reconnect: the host may have restarted (its offsets start again at 0), or
   * not (then the replay overlaps what we have). Ask where each stream ends to tell.
   */
  private async resync(): Promise<void> {
    const epoch = this.epoch;
    const ids = [...this.feeds.keys()];
    const answers = await Promise.all(ids.map((instance) => this.bridge.call('output.read', { instance, maxBytes: 1 })));
    if (epoch !== this.epoch) return;
    ids.forEach((id, i) => {
      const answer = answers[i];
      const written = this.feeds.get(id)?.written ?? null;
      if (!answer?.ok || (written !== null && answer.value.end < written)) this.resetInstance(id);
    });
    this.syncSubscriptions();
  }

  private resetInstance(id: InstanceId): void {
    this.feeds.delete(id);
    this.subscribed.delete(id);
    this.prefixer.forget(id);
    this.terminals.dispose(instanceViewId(id));
  }

  private resetAll(): void {
    // The host keeps a view's cursor per instance name across a project change; a cursor
    // into the old project's stream would hide the start of the new one. Drop them all
    // (calls are handled in order, so a subscribe sent after this starts afresh).
    const stale = [...this.subscribed.keys()];
    if (stale.length > 0 && this.connected) void this.bridge.call('output.unsubscribe', { instances: stale });
    for (const id of [...this.feeds.keys()]) this.resetInstance(id);
    for (const view of this.terminals.views()) if (view !== 'merged') this.terminals.dispose(view);
    this.terminals.reset('merged');
    this.subscribed.clear();
  }

  private feed(id: InstanceId): Feed {
    let feed = this.feeds.get(id);
    if (!feed) {
      feed = { written: null, merged: null };
      this.feeds.set(id, feed);
    }
    return feed;
  }

  private schedulePartialFlush(): void {
    if (this.partialTimer || !this.prefixer.hasPartial) return;
    this.partialTimer = setTimeout(() => {
      this.partialTimer = null;
      const text = this.prefixer.flushStale(performance.now());
      if (text) this.terminals.write('merged', text);
      this.schedulePartialFlush();
    }, 300);
  }
}
