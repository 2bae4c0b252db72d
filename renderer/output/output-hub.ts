/**
 * The output path from the bridge to the terminals; React never sees a byte.
 *
 * The hub routes; each concern has its own owner: `SubscriptionSync` keeps what the host
 * streams equal to what is on screen; `ViewPositions` knows how far each view of each
 * stream has got, so overlapping replays (a re-subscribe, a reconnect) are trimmed to what
 * is new for that view and a hole is shown as a marker line; `AckCounter` acknowledges a
 * batch once xterm has processed every write of it, which is what lets the host send
 * more; `MergedView` turns the streams it shows into prefixed lines. When the merged view
 * takes an instance back in while behind its terminal, the hub asks the host for a replay,
 * so the merged view catches up (a stream that has ended shows its last line there too).
 * `StampedInstances` keeps the instance terminals with timestamps; turning them on asks
 * the host for a replay too, which carries the arrival times.
 *
 * Who calls what: main.tsx feeds events in (`onOutput`, `onGap`, `onEvent`, `onStatus`);
 * the terminal panel says what is on screen (`setWanted`) and which views show times
 * (`setTimestamps`).
 */
import type { OutputBatch, OutputGap } from '../../shared/contract';
import type { InstanceId } from '../../shared/model';
import { sameProject } from '../../shared/project-picture';
import type { Bridge, ConnectionStatus } from '../bridge/bridge';
import type { StateEvent } from '../store/host-state';
import { instanceViewId, type ViewId } from '../store/view';
import { AckCounter } from './ack-counter';
import { holeNotice, preludeOf } from './hole-notice';
import type { UnseenPart } from './unseen-part';
import { MergedView } from './merged-view';
import { StampedInstances } from './stamped-instances';
import type { OutputTerminals } from './output-terminals';
import { SubscriptionSync } from './subscription-sync';
import { ViewPositions } from './view-positions';

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

/** One instance's output state, for the test hook and for people debugging a slow view. */
export interface FeedInspection {
  readonly written: number | null;
  readonly merged: number | null;
  readonly subscribed: boolean;
  readonly unacked: number;
  readonly writesInFlight: number;
}

export class OutputHub {
  private readonly positions = new ViewPositions();
  private readonly subscriptions: SubscriptionSync;
  private readonly acks: AckCounter;
  private readonly mergedView: MergedView;
  private readonly stamped: StampedInstances;
  /** Instances the merged view took back while behind: it waits for their replay (`OutputBatch.first`). */
  private readonly mergedAwaitsReplay = new Set<InstanceId>();
  /** Bumped per connection: a resync that answers after a newer connection opened is void. */
  private connection = 0;
  private project: { readonly dir: string; readonly procfile: string } | null = null;
  readonly stats: OutputStats = { batches: 0, bytesReceived: 0, bytesWritten: 0, gaps: 0, bytesSkipped: 0 };

  constructor(
    private readonly bridge: Bridge,
    private readonly terminals: OutputTerminals,
    colorOf: (id: InstanceId) => string,
  ) {
    this.subscriptions = new SubscriptionSync(bridge);
    this.acks = new AckCounter((instance, bytes) => this.bridge.notify('output.ack', { instance, bytes }));
    this.mergedView = new MergedView(terminals, colorOf);
    this.stamped = new StampedInstances(terminals);
  }

  /**
   * What is on screen: `instances` need their output; `merged` are those the merged
   * view shows (a subset). Subscribes and unsubscribes the difference.
   */
  setWanted(instances: readonly InstanceId[], merged: readonly InstanceId[]): void {
    // Taken back into the merged view while behind its terminal: what it missed (the
    // stream's end, perhaps) comes again only in a replay, so ask for one.
    const behind = this.mergedView.show(merged).filter((id) => this.positions.mergedBehind(id));
    // Until the replay's first batch, what still arrives from the old subscription is not the
    // merged view's: a batch past its position would mark a hole the replay was about to fill.
    for (const id of behind) this.mergedAwaitsReplay.add(id);
    this.subscriptions.want(instances, behind);
  }

  /**
   * The views that show arrival times. The merged view writes its lines again; an instance
   * gets its stamped terminal, filled by a replay (asked for now if it streams, else the
   * subscribe that comes when it is on screen replays anyway).
   */
  setTimestamps(views: ReadonlySet<ViewId>): void {
    this.mergedView.setTimestamps(views.has('merged'));
    const replay: InstanceId[] = [];
    for (const id of this.stamped.ids()) {
      if (views.has(instanceViewId(id))) continue;
      this.stamped.off(id);
      this.positions.restart(id, 'stamped');
    }
    for (const view of views) {
      if (view === 'merged') continue;
      const id = view.slice('instance:'.length) as InstanceId;
      if (this.stamped.shows(id)) continue;
      this.stamped.on(id);
      this.positions.restart(id, 'stamped');
      replay.push(id);
    }
    if (replay.length > 0) this.subscriptions.sync(replay);
  }

  /** Clear: the view's terminal empties (both of an instance's), and the merged view forgets the lines it would write again. */
  cleared(view: ViewId): void {
    if (view === 'merged') this.mergedView.cleared();
  }

  /** Per instance: how far its terminal and the merged view have got, whether it streams, what awaits an ack. */
  inspect(): Record<string, FeedInspection> {
    const out: Record<string, FeedInspection> = {};
    for (const id of this.positions.instances()) {
      const pending = this.acks.pendingOf(id);
      out[id] = {
        written: this.positions.of(id, 'terminal'),
        merged: this.positions.of(id, 'merged'),
        subscribed: this.subscriptions.isStreaming(id),
        unacked: pending.bytes,
        writesInFlight: pending.writes,
      };
    }
    return out;
  }

  onStatus(status: ConnectionStatus): void {
    if (status.kind !== 'open') {
      this.subscriptions.close();
      return;
    }
    this.connection++;
    this.subscriptions.open();
    // The new connection's pump replays every stream; stamped terminals wait for that first batch.
    for (const id of this.stamped.ids()) this.stamped.awaitReplay(id);
    this.hostStartsAfresh();
    if (status.reconnected) void this.resync();
    else this.subscriptions.sync();
  }

  /** State events that matter to the output: a new project, a removed instance. */
  onEvent(message: StateEvent): void {
    if (message.event === 'snapshot') {
      const project = message.payload ? { dir: message.payload.dir, procfile: message.payload.procfile } : null;
      if (!sameProject(project, this.project)) {
        this.project = project;
        this.leaveProject();
      }
      this.subscriptions.sync();
    } else if (message.event === 'instance-removed') {
      // A scaled-away slot: a new one with the same name starts a new stream at 0.
      this.forgetInstance(message.payload.id);
    } else if (message.event === 'instance' && this.subscriptions.missing(message.payload.id)) {
      this.subscriptions.sync();
    }
  }

  onOutput(batch: OutputBatch): void {
    const { instance: id, offset, data, arrivals } = batch;
    this.stats.batches++;
    this.stats.bytesReceived += data.byteLength;
    const own = this.positions.unseen(id, 'terminal', offset, data);
    if (batch.first) this.mergedAwaitsReplay.delete(id);
    const merged =
      this.mergedView.shows(id) && !this.mergedAwaitsReplay.has(id)
        ? this.positions.unseen(id, 'merged', offset, data)
        : null;
    const stamped = this.stamped.takes(id, batch.first) ? this.positions.unseen(id, 'stamped', offset, data) : null;
    const writes = [own, merged, stamped].filter((part) => part !== null && part.data.byteLength > 0).length;
    const done = this.acks.batch(id, data.byteLength, writes);
    /** Where a part trimmed off the front of the batch starts. */
    const at = (part: UnseenPart) => offset + data.byteLength - part.data.byteLength;
    if (own.data.byteLength > 0) {
      const view = instanceViewId(id);
      const prelude = preludeOf(own, () => this.bridge.logUrl(id));
      if (own.kind === 'after-hole') {
        this.stats.gaps++;
        this.stats.bytesSkipped += own.skipped;
      }
      this.stats.bytesWritten += own.data.byteLength;
      if (prelude) this.terminals.write(view, `\r\n${prelude}\r\n`);
      this.terminals.write(view, own.data, done);
    }
    if (merged && merged.data.byteLength > 0) {
      const prelude = preludeOf(merged, () => this.bridge.logUrl(id));
      this.mergedView.write(id, merged.data, at(merged), arrivals, prelude, done);
    }
    if (stamped && stamped.data.byteLength > 0) {
      const prelude = preludeOf(stamped, () => this.bridge.logUrl(id));
      this.stamped.write(id, stamped.data, at(stamped), arrivals, prelude, done);
    }
  }

  onGap(gap: OutputGap): void {
    const text = holeNotice(gap.skipped, this.bridge.logUrl(gap.instance));
    this.stats.gaps++;
    this.stats.bytesSkipped += gap.skipped;
    this.terminals.write(instanceViewId(gap.instance), `\r\n${text}\r\n`);
    this.positions.skipTo(gap.instance, 'terminal', gap.resumeAt);
    // A merged view not showing the instance marks the hole itself when it next gets a batch.
    if (this.mergedView.shows(gap.instance) && !this.mergedAwaitsReplay.has(gap.instance)) {
      this.mergedView.notice(gap.instance, text);
      this.positions.skipTo(gap.instance, 'merged', gap.resumeAt);
    }
    // A stamped terminal still waiting for its replay has no place for a hole yet: its first batch says what it lacks.
    if (this.stamped.takes(gap.instance, false)) {
      this.stamped.notice(gap.instance, text);
      this.positions.skipTo(gap.instance, 'stamped', gap.resumeAt);
    }
  }

  /** The host streams nothing to us and expects no acks: a new connection, or a new project (the host dropped every cursor). */
  private hostStartsAfresh(): void {
    this.acks.reset();
    this.subscriptions.reset();
  }

  /**
   * After a reconnect: the host may have restarted (its offsets start again at 0), or
   * not (then the replay overlaps what we have). Ask where each stream ends to tell.
   */
  private async resync(): Promise<void> {
    const connection = this.connection;
    const ids = this.positions.instances();
    const answers = await Promise.all(
      ids.map((instance) => this.bridge.call('output.read', { instance, maxBytes: 1 })),
    );
    if (connection !== this.connection) return;
    ids.forEach((id, i) => {
      const answer = answers[i];
      const written = this.positions.of(id, 'terminal');
      if (!answer?.ok || (written !== null && answer.value.end < written)) this.forgetInstance(id);
    });
    this.subscriptions.sync();
  }

  private forgetInstance(id: InstanceId): void {
    this.positions.forget(id);
    this.mergedAwaitsReplay.delete(id);
    this.subscriptions.forget(id);
    this.mergedView.forget(id);
    this.stamped.forget(id);
    this.terminals.dispose(instanceViewId(id));
  }

  /** Another project (or none): nothing of the old one's streams carries over to same-named instances. */
  private leaveProject(): void {
    this.hostStartsAfresh();
    this.mergedView.clear(this.positions.instances());
    for (const id of this.stamped.ids()) this.stamped.forget(id);
    this.positions.clear();
    this.mergedAwaitsReplay.clear();
    for (const view of this.terminals.views()) if (view !== 'merged') this.terminals.dispose(view);
  }
}
