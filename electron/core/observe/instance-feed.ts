/**
 * Connects a supervisor's instances to the observer: a watch per live instance process
 * (opened when its pid appears, closed when it changes or goes), and after every tick one
 * `observations` payload for every live instance, with its warnings.
 */
import type { InstanceResources, ObservationsEvent } from '../../../shared/contract';
import { pidOf } from '../../../shared/instance-state';
import type { InstanceId, InstanceSnapshot } from '../../../shared/model';
import type { InstanceObservation, Observer, TreeWatch } from './observation';
import { ignoredPortWarning, memoryGrowthWarning } from './warnings';

/** What the feed needs of a supervisor. */
export interface ObservedFormation {
  instanceSnapshots(): readonly InstanceSnapshot[];
  subscribe(listener: (event: { readonly event: string }) => void): () => void;
}

export interface InstanceFeed {
  /** Every live instance's latest observation; with `history`, each one's last 60 s too (a view that just attached). */
  current(history: boolean): ObservationsEvent;
  /** The latest observation of one instance, null when it is not live or not yet observed. */
  latest(id: InstanceId): InstanceObservation | null;
  close(): void;
}

interface Tracked {
  readonly watch: TreeWatch;
  readonly port: number;
  readonly since: number;
  /** The most memory the tree used in its first minute; fixed once the minute is over. */
  firstMinuteMax: number;
}

const FIRST_MINUTE_MS = 60_000;

export function feedObservations(
  formation: ObservedFormation,
  observer: Observer,
  send: (payload: ObservationsEvent) => void,
): InstanceFeed {
  const tracked = new Map<InstanceId, Tracked>();

  const sync = () => {
    const live = new Map<InstanceId, { pid: number; port: number }>();
    for (const i of formation.instanceSnapshots()) {
      const pid = pidOf(i.state);
      if (pid !== null) live.set(i.id, { pid, port: i.port });
    }
    for (const [id, t] of tracked) {
      if (live.get(id)?.pid !== t.watch.rootPid) {
        t.watch.close();
        tracked.delete(id);
      }
    }
    for (const [id, { pid, port }] of live) {
      if (!tracked.has(id)) tracked.set(id, { watch: observer.watch(pid), port, since: Date.now(), firstMinuteMax: 0 });
    }
  };

  const resourcesOf = (id: InstanceId, t: Tracked, o: InstanceObservation, history: boolean): InstanceResources => {
    const inFirstMinute = o.at - t.since < FIRST_MINUTE_MS;
    if (inFirstMinute) t.firstMinuteMax = Math.max(t.firstMinuteMax, o.rssBytes);
    const warnings = [
      ignoredPortWarning(id, t.port, o.sockets),
      memoryGrowthWarning(id, o.rssBytes, inFirstMinute ? null : t.firstMinuteMax),
    ].filter((w): w is string => w !== null);
    return {
      instance: id,
      sockets: o.sockets,
      cpuPercent: o.cpuPercent,
      rssBytes: o.rssBytes,
      processes: o.processes,
      at: o.at,
      warnings,
      ...(history ? { history: t.watch.history() } : {}),
    };
  };

  const payload = (history: boolean): ObservationsEvent => {
    const instances: InstanceResources[] = [];
    for (const [id, t] of tracked) {
      const o = t.watch.latest();
      if (o && o.processes > 0) instances.push(resourcesOf(id, t, o, history));
    }
    return { instances };
  };

  const stopFormation = formation.subscribe((event) => {
    if (event.event === 'instance' || event.event === 'instance-removed' || event.event === 'formation') sync();
  });
  let sentSome = false;
  const stopTicks = observer.subscribe(() => {
    // An empty payload once after the last instance stopped, so views drop what they showed.
    if (tracked.size === 0 && !sentSome) return;
    const next = payload(false);
    sentSome = next.instances.length > 0;
    send(next);
  });
  sync();

  return {
    current: payload,
    latest: (id) => tracked.get(id)?.watch.latest() ?? null,
    close() {
      stopFormation();
      stopTicks();
      for (const t of tracked.values()) t.watch.close();
      tracked.clear();
    },
  };
}
