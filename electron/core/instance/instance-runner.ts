/**
 * One instance slot (`web.2`): the interpreter of its lifecycle machine (lifecycle.ts).
 * Every decision is the machine's; this class feeds it events (calls, the run's reports,
 * timers, the directory check) and performs the effects it returns: spawn, signal,
 * schedule, publish, record a crash, say a notice. It also owns what is not lifecycle:
 * the output ring, the log file and the crash history.
 *
 * Contract: the slot changes only in `dispatch`, and only from what `transition` returned.
 * Performing an effect may dispatch again (a spawn reports at once; a listener may call
 * `stop`): the slot is stored before any effect runs, and each `publish` sends the
 * snapshot of its moment.
 */
import {
  assertNever,
  type CrashRecord,
  type ExitPolicy,
  type ExitStatus,
  type InstanceId,
  type InstanceSnapshot,
  type InstanceState,
} from '../../../shared/model';
import { StartedEnvironments } from '../env/started-environments';
import type { Readiness } from '../formation/type-settings';
import type { Guard } from '../lifeline/lifeline';
import type { Observer } from '../observe/observation';
import type { LogFileStore, LogReport } from '../output/log-file-store';
import { concatChunks, OutputRing, type OutputChunk } from '../output/output-ring';
import type { CgroupTracker } from '../process-tree/instance-cgroup';
import type { ProcessTable } from '../process-tree/process-table';
import { createProbe } from '../readiness/probe';
import { startProbeLoop, type ProbeLoop } from '../readiness/probe-loop';
import { SpawnError, type Spawner } from '../spawner/spawner';
import { nextSpawnTurn } from '../spawner/spawn-turns';
import type { BackoffPolicy } from './backoff';
import { crashRecord } from './crash-record';
import {
  initialSlot,
  transition,
  type LifecycleEffect,
  type LifecycleEvent,
  type LifecycleRules,
  type ReadyRule,
  type Slot,
} from './lifecycle';
import { ProcessRun } from './process-run';
import { startProblem } from '../observe/start-check';

export interface InstanceConfig {
  readonly command: string;
  readonly cwd: string;
  /** The full environment, PORT and PS included. */
  readonly env: Readonly<Record<string, string>>;
  readonly policy: ExitPolicy;
  readonly stopSignal: NodeJS.Signals;
  readonly graceMs: number;
  /** How a run is found ready (the type's procdeck.yaml `ready`, or the default). */
  readonly readiness: Readiness;
  /** When a run counts as ready (readiness/ready-rule.ts). */
  readonly readyRule: ReadyRule;
}

export interface RunnerEnvironment {
  readonly spawner: Spawner;
  readonly table: ProcessTable;
  readonly guard: Guard;
  readonly backoff: BackoffPolicy;
  /** A process that exits sooner than this after spawning failed to start. */
  readonly startWindowMs: number;
  /** After the leader exits, how long leftover descendants may keep writing before they are stopped. */
  readonly drainMs: number;
  readonly ringBytes: number;
  readonly crashHistory: number;
  readonly terminalSize: () => { cols: number; rows: number };
  readonly openLog: ((name: InstanceId, report: LogReport) => LogFileStore) | null;
  /** Per-run cgroups, or null where none can be made (see instance-cgroup.ts). */
  readonly cgroups: CgroupTracker | null;
  /** Listening sockets per tree, for the port readiness checks; absent: they cannot pass. */
  readonly observer?: Observer | null;
}

export interface RunnerListener {
  state(snapshot: InstanceSnapshot): void;
  crash(record: CrashRecord): void;
  output(id: InstanceId, chunk: OutputChunk): void;
  notice(id: InstanceId, level: 'info' | 'warning' | 'error', message: string): void;
  /** The exit policy is stop-all and this instance exited on its own. */
  stopAllRequested(id: InstanceId, exit: ExitStatus): void;
}

/** The run in progress and what its crash record needs. */
interface CurrentRun {
  readonly process: ProcessRun;
  /** Where this run's output begins in the ring. */
  readonly outputStart: number;
  readonly command: string;
}

export class InstanceRunner {
  readonly ring: OutputRing;
  /** The environment each recent run started with (the environment view, the crash panel). */
  readonly environments: StartedEnvironments;
  private slot: Slot;
  private run: CurrentRun | null = null;
  private timer: NodeJS.Timeout | null = null;
  private crashes: CrashRecord[] = [];
  private log: LogFileStore | null = null;
  /** The readiness probe of the current run, while it is `starting`. */
  private probing: ProbeLoop | null = null;

  constructor(
    readonly id: InstanceId,
    readonly type: string,
    readonly index: number,
    private port: number,
    private config: InstanceConfig,
    private readonly env: RunnerEnvironment,
    private readonly listener: RunnerListener,
  ) {
    this.ring = new OutputRing(env.ringBytes);
    this.environments = new StartedEnvironments(env.crashHistory + 1);
    this.slot = initialSlot(id, rulesOf(config, env));
  }

  snapshot(): InstanceSnapshot {
    return {
      id: this.id,
      type: this.type,
      index: this.index,
      port: this.port,
      state: this.slot.state,
      restarts: Math.max(0, this.slot.starts - 1),
      crashes: this.crashes,
      escaped: this.slot.escaped,
    };
  }

  get current(): InstanceState {
    return this.slot.state;
  }

  get logFiles(): string[] {
    return this.log?.files ?? [];
  }

  /** New settings apply from the next start. */
  configure(config: InstanceConfig, port: number): void {
    this.config = config;
    this.dispatch({ kind: 'configure', rules: rulesOf(config, this.env) });
    if (port !== this.port) {
      this.port = port;
      this.publish();
    }
  }

  start(): void {
    this.dispatch({ kind: 'start' });
  }

  /** Wanted up, but held (`waiting`) until `start`: the instances it starts after are not ready. */
  hold(waitingFor: readonly InstanceId[], reason: string): void {
    this.dispatch({ kind: 'wait', for: waitingFor, reason, at: Date.now() });
  }

  /**
   * Stops the instance and everything it started; resolves when none of it is left.
   * Asked again while stopping, it sends SIGKILL at once.
   */
  stop(): Promise<void> {
    this.dispatch({ kind: 'stop', at: Date.now() });
    return this.idle();
  }

  /** Stop completely, then start: the new process never meets the old one's port. */
  restart(): Promise<void> {
    const effects = this.dispatch({ kind: 'restart', at: Date.now() });
    return effects.some((effect) => effect.kind === 'stop-run') ? this.idle() : Promise.resolve();
  }

  /** Sends a signal to the instance's process group (from the UI's signal menu). */
  signal(signal: NodeJS.Signals): boolean {
    return this.run?.process.signal(signal) ?? false;
  }

  write(data: string | Uint8Array): boolean {
    return this.run?.process.write(data) ?? false;
  }

  pendingInput(): number {
    return this.run?.process.pendingInput() ?? 0;
  }

  resize(cols: number, rows: number): void {
    this.run?.process.resize(cols, rows);
  }

  /** Stops for good: no restart afterwards. */
  async dispose(): Promise<void> {
    await this.stop();
    this.dispatch({ kind: 'dispose' });
    this.log?.close();
  }

  /** Resolves when no process of this slot is alive and its output is closed. */
  async idle(): Promise<void> {
    while (this.run) await this.run.process.done;
  }

  /** Feeds one event to the machine and performs its effects; returns them. `config`: what a spawn uses. */
  private dispatch(event: LifecycleEvent, config: InstanceConfig = this.config): readonly LifecycleEffect[] {
    const { slot, effects } = transition(this.slot, event);
    this.slot = slot;
    for (const effect of effects) this.perform(effect, config);
    // A probe only matters while its run is starting.
    if (this.probing && this.slot.state.kind !== 'starting') this.stopProbe();
    return effects;
  }

  private perform(effect: LifecycleEffect, config: InstanceConfig): void {
    switch (effect.kind) {
      case 'publish':
        this.publish();
        return;
      case 'notice':
        this.listener.notice(this.id, effect.level, effect.message);
        return;
      case 'check-directory':
        // The spawn uses the settings whose directory was checked.
        void startProblem(config).then(async (problem) => {
          await nextSpawnTurn(); // one spawn per turn of the loop (spawn-turns.ts)
          this.dispatch({ kind: 'directory-checked', epoch: effect.epoch, problem, at: Date.now() }, config);
        });
        return;
      case 'spawn':
        this.spawn(config);
        return;
      case 'probe':
        this.startProbe(config, effect.epoch);
        return;
      case 'stop-run':
        this.run?.process.stop();
        return;
      case 'escalate':
        this.run?.process.escalate();
        return;
      case 'hurry':
        this.run?.process.hurry();
        return;
      case 'schedule':
        this.clearTimer();
        this.timer = setTimeout(() => {
          this.timer = null;
          this.dispatch({ kind: 'timer', epoch: effect.epoch, at: Date.now() });
        }, effect.delayMs);
        return;
      case 'cancel-timer':
        this.clearTimer();
        return;
      case 'record-crash':
        this.recordCrash(effect.exit, effect.uptimeMs, effect.run);
        return;
      case 'stop-all':
        this.listener.stopAllRequested(this.id, effect.exit);
        return;
      default:
        assertNever(effect, 'lifecycle effect');
    }
  }

  private spawn(config: InstanceConfig): void {
    let processRun: ProcessRun;
    const outputStart = this.ring.end;
    try {
      processRun = new ProcessRun(
        this.env.spawner,
        { command: config.command, cwd: config.cwd, env: config.env, ...this.env.terminalSize() },
        {
          table: this.env.table,
          guard: this.env.guard,
          drainMs: this.env.drainMs,
          stopSignal: config.stopSignal,
          graceMs: config.graceMs,
          cgroups: this.env.cgroups,
        },
        {
          output: (stream, data) => this.output(stream, data),
          exited: (exit, uptimeMs) => this.dispatch({ kind: 'exited', exit, uptimeMs, at: Date.now() }),
          stopped: (exit, escaped) => this.dispatch({ kind: 'stopped', exit, escaped, at: Date.now() }),
          leftovers: (signalled, escaped) => this.dispatch({ kind: 'leftovers', signalled, escaped }),
          notice: (level, message) => this.listener.notice(this.id, level, `${this.id}: ${message}`),
        },
      );
    } catch (error) {
      const reason = error instanceof SpawnError ? error.message : `could not start: ${String(error)}`;
      this.dispatch({ kind: 'spawn-failed', reason, at: Date.now() });
      return;
    }
    const run: CurrentRun = { process: processRun, outputStart, command: config.command };
    this.run = run;
    void processRun.done.then(() => {
      if (this.run !== run) return;
      this.run = null;
      this.dispatch({ kind: 'run-done' });
    });
    this.dispatch({ kind: 'spawned', pid: processRun.pid, since: processRun.startedWall });
    // After `spawned`, which numbers the run (the crash record's `run`).
    this.environments.record({ run: this.slot.starts, startedAt: processRun.startedWall, env: processRun.env });
  }

  private startProbe(config: InstanceConfig, epoch: number): void {
    const run = this.run;
    if (!run) return;
    this.stopProbe();
    const ring = this.ring;
    const probe = createProbe(
      config.readiness.check,
      {
        pid: run.process.pid,
        port: this.port,
        cwd: config.cwd,
        env: config.env,
        output: {
          start: run.outputStart,
          read: (from) => ({ bytes: concatChunks(ring.read(from)), end: ring.end }),
        },
      },
      this.env.observer ?? null,
    );
    if (!probe) return;
    this.probing = startProbeLoop(probe, {
      intervalMs: config.readiness.intervalMs,
      timeoutMs: config.readiness.timeoutMs,
      answer: ({ passed, answer }) => this.dispatch({ kind: 'probe-answer', epoch, passed, answer, at: Date.now() }),
    });
  }

  private stopProbe(): void {
    this.probing?.stop();
    this.probing = null;
  }

  private output(stream: OutputChunk['stream'], data: Uint8Array): void {
    const chunk = this.ring.append(stream, data);
    if (this.env.openLog) {
      this.log ??= this.env.openLog(this.id, (level, message) => this.listener.notice(this.id, level, message));
      this.log.write(stream, chunk.data);
    }
    this.listener.output(this.id, chunk);
  }

  private recordCrash(exit: ExitStatus, uptimeMs: number, run: number): void {
    const current = this.run;
    if (!current) return;
    const record = crashRecord({
      instance: this.id,
      ring: this.ring,
      outputStart: current.outputStart,
      exit,
      uptimeMs,
      command: current.command,
      run,
    });
    this.crashes = [...this.crashes.slice(-(this.env.crashHistory - 1)), record];
    this.listener.crash(record);
  }

  private publish(): void {
    this.listener.state(this.snapshot());
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

function rulesOf(config: InstanceConfig, env: RunnerEnvironment): LifecycleRules {
  return {
    policy: config.policy,
    graceMs: config.graceMs,
    startWindowMs: env.startWindowMs,
    drainMs: env.drainMs,
    backoff: env.backoff,
    ready: config.readyRule,
    warnAfterMs: config.readiness.warnAfterMs,
  };
}
