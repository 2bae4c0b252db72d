/**
 * A real formation for tests: real processes through a real spawner, with helpers that
 * wait for events instead of sleeping, and a teardown that proves nothing survived.
 */
import { afterEach } from 'vitest';
import type { ExitPolicy, InstanceId, InstanceSnapshot, SpawnerKind } from '../../shared/model';
import type { BackoffPolicy } from '../../electron/core/instance/backoff';
import { withScale } from '../../electron/core/formation/formation-value';
import { DEFAULT_TYPE_SETTINGS, type TypeSettings } from '../../electron/core/formation/type-settings';
import { createObserver } from '../../electron/core/observe/observer';
import { unguarded } from '../../electron/core/lifeline/lifeline';
import { createRequire } from 'node:module';
import { PipeSpawner } from '../../electron/core/spawner/pipe-spawner';
import { PtySpawner } from '../../electron/core/spawner/pty-spawner';
import { createRunnerEnvironment } from '../../electron/core/supervisor/runner-environment';
import { Supervisor, type SupervisorEvent } from '../../electron/core/supervisor/supervisor';
import { descendants, groupMembers, killAll, psTable } from './processes';
import { waiter } from './wait';

export const ADAPTERS: readonly SpawnerKind[] = ['pty', 'pipe'];
export const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

export interface FormationOptions {
  readonly types: Readonly<Record<string, string>>;
  readonly scale?: Readonly<Record<string, number>>;
  readonly adapter: SpawnerKind;
  readonly policy?: ExitPolicy;
  readonly graceMs?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly startWindowMs?: number;
  readonly drainMs?: number;
  readonly ringBytes?: number;
  /** null: no per-run cgroups (as where none is writable). */
  readonly cgroups?: null;
  readonly logDir?: string;
  readonly cwd?: string;
  readonly basePort?: number;
  readonly env?: Readonly<Record<string, string>>;
  /** Time between two reads of the observer (listening sockets for port readiness); the product's is 1000. */
  readonly observeIntervalMs?: number;
  /** procdeck.yaml's settings per type (after, ready, restart…) over the defaults. */
  readonly settings?: Readonly<Record<string, Partial<TypeSettings>>>;
  /** Keep every output chunk for `output()` (default); off for floods measured for memory. */
  readonly keepOutput?: boolean;
}

export interface TestFormation {
  readonly supervisor: Supervisor;
  readonly events: SupervisorEvent[];
  /** Every pid any instance ever had. */
  readonly pids: Set<number>;
  output(id: InstanceId): string;
  outputBytes(id: InstanceId, stream?: string): Buffer;
  /** Resolves with the instance's snapshot once `test` holds (checked on every change). */
  waitFor(
    id: InstanceId,
    test: InstanceSnapshot['state']['kind'] | ((i: InstanceSnapshot) => boolean),
    timeoutMs?: number,
  ): Promise<InstanceSnapshot>;
  waitForEvent(test: (e: SupervisorEvent) => boolean, timeoutMs?: number): Promise<SupervisorEvent>;
  /** Resolves once the instance's output contains `text`. */
  waitForOutput(id: InstanceId, text: string, timeoutMs?: number): Promise<void>;
  /** A slider move: the formation with one type's scale changed, reconciled. */
  scale(type: string, count: number): Promise<void>;
  dispose(): Promise<void>;
}

const live: TestFormation[] = [];

afterEach(async () => {
  await Promise.all(live.splice(0).map((f) => f.dispose()));
});

export function startFormation(options: FormationOptions, start = true): TestFormation {
  const spawner =
    options.adapter === 'pipe' ? new PipeSpawner() : new PtySpawner(createRequire(import.meta.url)('node-pty'));
  const names = Object.keys(options.types);
  const environment = createRunnerEnvironment({
    spawner,
    guard: unguarded(),
    logDir: options.logDir ?? null,
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.startWindowMs !== undefined ? { startWindowMs: options.startWindowMs } : {}),
    ...(options.drainMs !== undefined ? { drainMs: options.drainMs } : {}),
    ...(options.ringBytes !== undefined ? { ringBytes: options.ringBytes } : {}),
    ...(options.cgroups === null ? { cgroups: null } : {}),
    ...(options.observeIntervalMs !== undefined
      ? { observer: createObserver({ intervalMs: options.observeIntervalMs }) }
      : {}),
  });
  const supervisor = new Supervisor(
    {
      cwd: options.cwd ?? FIXTURES,
      types: names.map((name, i) => ({
        name,
        command: options.types[name] as string,
        line: i + 1,
        scale: options.scale?.[name] ?? 1,
        policy: options.policy ?? 'keep',
        settings: { ...DEFAULT_TYPE_SETTINGS, ...options.settings?.[name] },
      })),
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...options.env },
      basePort: options.basePort ?? 5000,
      stopSignal: 'SIGTERM',
      graceMs: options.graceMs ?? 3000,
    },
    environment,
  );
  const events: SupervisorEvent[] = [];
  const pids = new Set<number>();
  const chunks = new Map<string, { stream: string; data: Uint8Array }[]>();
  const wait = waiter();
  const notify = () => wait.changed();
  supervisor.subscribe((event) => {
    events.push(event);
    if (event.event === 'instance' && 'pid' in event.payload.state) pids.add(event.payload.state.pid);
    notify();
  });
  supervisor.onOutput((id, chunk) => {
    if (options.keepOutput === false) return;
    const list = chunks.get(id) ?? [];
    list.push({ stream: chunk.stream, data: chunk.data });
    chunks.set(id, list);
    notify();
  });
  const outputBytes = (id: InstanceId, stream?: string) =>
    Buffer.concat((chunks.get(id) ?? []).filter((c) => !stream || c.stream === stream).map((c) => c.data));

  const until = <T>(probe: () => T | undefined, timeoutMs: number, what: string) => wait.until(probe, what, timeoutMs);

  const formation: TestFormation = {
    supervisor,
    events,
    pids,
    output: (id) => outputBytes(id).toString('utf8'),
    outputBytes,
    waitFor: (id, test, timeoutMs = 15_000) =>
      until(
        () => {
          const snapshot = supervisor.runner(id)?.snapshot();
          if (!snapshot) return undefined;
          const ok = typeof test === 'string' ? snapshot.state.kind === test : test(snapshot);
          return ok ? snapshot : undefined;
        },
        timeoutMs,
        `${id} ${typeof test === 'string' ? test : 'condition'}`,
      ),
    waitForEvent: (test, timeoutMs = 15_000) => {
      let seen = 0;
      return until(
        () => {
          for (; seen < events.length; seen++) if (test(events[seen] as SupervisorEvent)) return events[seen];
          return undefined;
        },
        timeoutMs,
        'event',
      );
    },
    waitForOutput: (id, text, timeoutMs = 15_000) =>
      until(() => (formation.output(id).includes(text) ? true : undefined), timeoutMs, `"${text}" from ${id}`).then(
        () => undefined,
      ),
    scale: (type, count) => supervisor.reconcile(withScale(supervisor.formation, type, count)),
    async dispose() {
      const index = live.indexOf(formation);
      if (index >= 0) live.splice(index, 1);
      await supervisor.dispose();
      // Whatever the test did, nothing it started may survive.
      // One reading of the process table for every pid (each `ps -e` costs ~0.1–0.5 s on a busy machine).
      const table = psTable();
      const leftovers = [...pids]
        .flatMap((pid) => [...groupMembers(pid, table), ...descendants(pid, table)])
        .map((e) => e.pid);
      killAll(leftovers);
      if (leftovers.length > 0) throw new Error(`processes survived the formation: ${leftovers.join(', ')}`);
    },
  };
  live.push(formation);
  if (start) supervisor.start({ scope: 'all' });
  return formation;
}
