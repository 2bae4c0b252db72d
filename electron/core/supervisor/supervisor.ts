/**
 * The supervisor: a formation of instance runners, controlled live and observed through
 * immutable events.
 *
 * `subscribe` hands a new listener the snapshot and then every later event, with nothing
 * in between (both happen in one synchronous step). Output travels apart from state
 * events (`onOutput`), because it is the hot path and must not be copied per listener.
 */
import {
  assertNever,
  instanceId,
  parseInstanceId,
  type ExitPolicy,
  type ExitStatus,
  type InstanceId,
  type InstanceSnapshot,
  type Notice,
  type ProcessTypeSnapshot,
} from '../../../shared/model';
import type { EventMessage, Target } from '../../../shared/contract';
import { isUp } from '../../../shared/instance-state';
import type { EnvValues } from '../env/parse-env';
import { portFor } from '../formation/ports';
import { InstanceRunner, type InstanceConfig, type RunnerEnvironment, type RunnerListener } from '../instance/instance-runner';
import type { OutputChunk } from '../output/output-ring';
import type { ProcessTypeDef } from '../procfile/parse-procfile';

/** Why the formation stopped itself: an instance with the stop-all policy exited. */
export interface StopAllCause {
  readonly instance: InstanceId;
  readonly exit: ExitStatus;
}

/**
 * What the supervisor tells its subscribers: the contract's own event shapes (shared/contract.ts),
 * so hosts pass them on untranslated, plus two of the core's own: the formation's state a new
 * subscriber gets first (a project snapshot lacks the project here), and `stop-all`.
 */
export type SupervisorEvent =
  | { readonly event: 'formation'; readonly payload: { readonly types: readonly ProcessTypeSnapshot[]; readonly instances: readonly InstanceSnapshot[] } }
  | Extract<EventMessage, { event: 'instance' | 'instance-removed' | 'types' | 'crash' | 'notice' }>
  /** The formation is stopping because an instance with the stop-all policy exited. */
  | { readonly event: 'stop-all'; readonly payload: StopAllCause };

export type OutputListener = (id: InstanceId, chunk: OutputChunk) => void;

export interface FormationSettings {
  readonly cwd: string;
  readonly types: readonly ProcessTypeDef[];
  /** Instances per type; a type missing here gets 0. */
  readonly scale: ReadonlyMap<string, number>;
  /** The environment every instance gets, before PORT and PS. */
  readonly env: EnvValues;
  readonly basePort: number;
  readonly policyFor: (type: string) => ExitPolicy;
  readonly stopSignal: NodeJS.Signals;
  readonly graceMs: number;
}

interface TypeSlot {
  def: ProcessTypeDef;
  index: number;
  scale: number;
  policy: ExitPolicy;
  readonly runners: Map<number, InstanceRunner>;
}

export class Supervisor {
  private readonly slots = new Map<string, TypeSlot>();
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();
  private readonly outputListeners = new Set<OutputListener>();
  private settings: FormationSettings;
  private active = false;
  private stopAllCause: { instance: InstanceId; exit: ExitStatus } | null = null;
  private trackingSaid = false;
  private readonly runnerListener: RunnerListener;

  constructor(
    settings: FormationSettings,
    private readonly environment: RunnerEnvironment,
  ) {
    this.settings = settings;
    this.runnerListener = {
      state: (instance) => this.emit({ event: 'instance', payload: instance }),
      crash: (record) => this.emit({ event: 'crash', payload: record }),
      output: (id, chunk) => {
        for (const listener of this.outputListeners) listener(id, chunk);
      },
      notice: (instance, level, message) => this.notice(level, message, instance),
      stopAllRequested: (instance, exit) => this.onStopAllRequested(instance, exit),
    };
    settings.types.forEach((def, index) => {
      this.slots.set(def.name, {
        def,
        index,
        scale: settings.scale.get(def.name) ?? 0,
        policy: settings.policyFor(def.name),
        runners: new Map(),
      });
    });
    for (const slot of this.slots.values()) this.ensureRunners(slot);
  }

  subscribe(listener: (event: SupervisorEvent) => void): () => void {
    listener({ event: 'formation', payload: { types: this.typeSnapshots(), instances: this.instanceSnapshots() } });
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onOutput(listener: OutputListener): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  /** Why the formation stopped itself, if it did (for the CLI's exit code). */
  get stopCause(): { instance: InstanceId; exit: ExitStatus } | null {
    return this.stopAllCause;
  }

  typeSnapshots(): ProcessTypeSnapshot[] {
    return [...this.slots.values()].map((slot) => ({
      name: slot.def.name,
      command: slot.def.command,
      index: slot.index,
      line: slot.def.line,
      scale: slot.scale,
      policy: slot.policy,
      basePort: portFor(this.settings.basePort, slot.index, 1),
    }));
  }

  instanceSnapshots(): InstanceSnapshot[] {
    const out: InstanceSnapshot[] = [];
    for (const slot of this.slots.values()) {
      for (const runner of [...slot.runners.values()].sort((a, b) => a.index - b.index)) out.push(runner.snapshot());
    }
    return out;
  }

  hasType(type: string): boolean {
    return this.slots.has(type);
  }

  runner(id: string): InstanceRunner | null {
    const parsed = parseInstanceId(id);
    if (!parsed) return null;
    return this.slots.get(parsed.type)?.runners.get(parsed.index) ?? null;
  }

  /** Starts the target. Starting a type scaled to 0 scales it to 1. */
  start(target: Target): void {
    this.sayTrackingOnce();
    switch (target.scope) {
      case 'all':
        this.active = true;
        this.stopAllCause = null;
        for (const slot of this.slots.values()) for (const runner of this.inFormation(slot)) runner.start();
        return;
      case 'type': {
        const slot = this.requireSlot(target.type);
        this.active = true;
        if (slot.scale === 0) this.scale(slot.def.name, 1);
        for (const runner of this.inFormation(slot)) runner.start();
        return;
      }
      case 'instance':
        this.active = true;
        this.requireRunner(target.instance).start();
        return;
      default:
        assertNever(target, 'target');
    }
  }

  /** Stops the target and resolves when none of its processes is left; asked twice, kills at once. */
  stop(target: Target): Promise<void> {
    switch (target.scope) {
      case 'all':
        this.active = false;
        return this.each([...this.slots.values()], (runner) => runner.stop());
      case 'type':
        return this.each([this.requireSlot(target.type)], (runner) => runner.stop());
      case 'instance':
        return this.requireRunner(target.instance).stop();
      default:
        return assertNever(target, 'target');
    }
  }

  restart(target: Target): Promise<void> {
    switch (target.scope) {
      case 'all':
        this.active = true;
        this.stopAllCause = null;
        return Promise.all([...this.slots.values()].flatMap((slot) => this.inFormation(slot).map((r) => r.restart()))).then(
          () => undefined,
        );
      case 'type':
        this.active = true;
        return this.each([this.requireSlot(target.type)], (runner) => runner.restart());
      case 'instance':
        this.active = true;
        return this.requireRunner(target.instance).restart();
      default:
        return assertNever(target, 'target');
    }
  }

  /** Sets how many instances of a type run; scaling down stops the highest-numbered first. */
  scale(type: string, count: number): void {
    const slot = this.requireSlot(type);
    const previous = slot.scale;
    slot.scale = count;
    this.ensureRunners(slot);
    for (const runner of slot.runners.values()) {
      if (runner.index <= count) {
        if (runner.index > previous) runner.start();
        continue;
      }
      void runner.stop().then(() => {
        if (runner.index > slot.scale && slot.runners.get(runner.index) === runner) {
          slot.runners.delete(runner.index);
          void runner.dispose();
          this.emit({ event: 'instance-removed', payload: { id: runner.id } });
        }
      });
    }
    this.emit({ event: 'types', payload: this.typeSnapshots() });
  }

  setPolicy(type: string, policy: ExitPolicy): void {
    const slot = this.requireSlot(type);
    slot.policy = policy;
    for (const runner of slot.runners.values()) runner.configure(this.configFor(slot, runner.index), this.portOf(slot, runner.index));
    this.emit({ event: 'types', payload: this.typeSnapshots() });
  }

  /**
   * Applies a changed Procfile or environment while running. An edited command restarts
   * that type only; a removed type stops; an added one starts when the formation is up.
   */
  async update(settings: FormationSettings, scaleForNewType: (type: string) => number): Promise<void> {
    const before = this.settings;
    this.settings = settings;
    const envChanged = !sameEnv(before.env, settings.env);
    const wanted = new Map(settings.types.map((def, index) => [def.name, { def, index }]));
    const work: Promise<void>[] = [];
    for (const [name, slot] of this.slots) {
      if (wanted.has(name)) continue;
      this.notice('info', `process type '${name}' was removed from the Procfile; stopping it`);
      work.push(
        this.each([slot], (runner) => runner.dispose()).then(() => {
          for (const runner of slot.runners.values()) this.emit({ event: 'instance-removed', payload: { id: runner.id } });
          slot.runners.clear();
        }),
      );
      this.slots.delete(name);
    }
    const reordered = new Map<string, TypeSlot>();
    for (const { def, index } of wanted.values()) {
      const existing = this.slots.get(def.name);
      if (!existing) {
        const slot: TypeSlot = { def, index, scale: scaleForNewType(def.name), policy: settings.policyFor(def.name), runners: new Map() };
        reordered.set(def.name, slot);
        this.ensureRunners(slot);
        this.notice('info', `process type '${def.name}' was added to the Procfile (${slot.scale} instance(s))`);
        if (this.active) for (const runner of slot.runners.values()) runner.start();
        continue;
      }
      const commandChanged = existing.def.command !== def.command;
      const portChanged = existing.index !== index;
      existing.def = def;
      existing.index = index;
      reordered.set(def.name, existing);
      for (const runner of existing.runners.values()) {
        runner.configure(this.configFor(existing, runner.index), this.portOf(existing, runner.index));
      }
      if (commandChanged || portChanged) {
        this.notice('info', `process type '${def.name}' ${commandChanged ? 'command changed' : 'moved in the Procfile'}; restarting it`);
        work.push(this.each([existing], (runner) => (isUp(runner.current) ? runner.restart() : Promise.resolve())));
      }
    }
    this.slots.clear();
    for (const [name, slot] of reordered) this.slots.set(name, slot);
    if (envChanged) this.notice('info', 'the environment changed; it applies to each instance from its next (re)start');
    this.emit({ event: 'types', payload: this.typeSnapshots() });
    await Promise.all(work);
  }

  /** Resolves when no process of any instance is alive. */
  idle(): Promise<void> {
    return this.each([...this.slots.values()], (runner) => runner.idle());
  }

  /** Stops everything for good. */
  async dispose(): Promise<void> {
    this.active = false;
    await this.each([...this.slots.values()], (runner) => runner.dispose());
    this.environment.cgroups?.close();
  }

  /**
   * Without a cgroup, a descendant that double-forks with setsid and clears its
   * environment cannot be found: say so once, rather than let a stop look complete.
   */
  private sayTrackingOnce(): void {
    if (this.trackingSaid || this.environment.cgroups || process.platform !== 'linux') return;
    this.trackingSaid = true;
    this.notice(
      'warning',
      'no writable cgroup v2 here: a process that leaves its instance with setsid and a cleared environment (setsid env -i …) cannot be found, and would outlive its stop unreported',
    );
  }

  private onStopAllRequested(instance: InstanceId, exit: ExitStatus): void {
    if (!this.active) return;
    this.stopAllCause = { instance, exit };
    this.emit({ event: 'stop-all', payload: { instance, exit } });
    void this.stop({ scope: 'all' });
  }

  /** The slot's runners within its scale (not those being scaled away). */
  private inFormation(slot: TypeSlot): InstanceRunner[] {
    return [...slot.runners.values()].filter((runner) => runner.index <= slot.scale);
  }

  private ensureRunners(slot: TypeSlot): void {
    for (let index = 1; index <= slot.scale; index++) {
      if (slot.runners.has(index)) continue;
      const runner = new InstanceRunner(
        instanceId(slot.def.name, index),
        slot.def.name,
        index,
        this.portOf(slot, index),
        this.configFor(slot, index),
        this.environment,
        this.runnerListener,
      );
      slot.runners.set(index, runner);
      this.emit({ event: 'instance', payload: runner.snapshot() });
    }
  }

  private configFor(slot: TypeSlot, index: number): InstanceConfig {
    const { env, cwd, stopSignal, graceMs } = this.settings;
    return {
      command: slot.def.command,
      cwd,
      env: { ...env, PORT: String(this.portOf(slot, index)), PS: instanceId(slot.def.name, index) },
      policy: slot.policy,
      stopSignal,
      graceMs,
    };
  }

  private portOf(slot: TypeSlot, index: number): number {
    return portFor(this.settings.basePort, slot.index, index);
  }

  private each(slots: readonly TypeSlot[], action: (runner: InstanceRunner) => Promise<void>): Promise<void> {
    return Promise.all(slots.flatMap((slot) => [...slot.runners.values()].map(action))).then(() => undefined);
  }

  private requireSlot(type: string): TypeSlot {
    const slot = this.slots.get(type);
    if (!slot) throw new UnknownProcessError(`unknown process type '${type}'`);
    return slot;
  }

  private requireRunner(id: string): InstanceRunner {
    const runner = this.runner(id);
    if (!runner) throw new UnknownProcessError(`unknown instance '${id}'`);
    return runner;
  }

  private notice(level: Notice['level'], message: string, instance?: InstanceId): void {
    this.emit({ event: 'notice', payload: instance ? { level, message, at: Date.now(), instance } : { level, message, at: Date.now() } });
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

export class UnknownProcessError extends Error {
  override name = 'UnknownProcessError';
}

function sameEnv(a: EnvValues, b: EnvValues): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
