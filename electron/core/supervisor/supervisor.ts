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
  type ExitStatus,
  type InstanceId,
  type InstanceSnapshot,
  type Notice,
  type ProcessTypeSnapshot,
} from '../../../shared/model';
import type { EventMessage, Target } from '../../../shared/contract';
import { isLive, isReady, isUp } from '../../../shared/instance-state';
import { plan, type FormationStep, type RestartCause } from '../formation/formation-plan';
import {
  findType,
  UnknownProcessError,
  withScale,
  type FormationType,
  type FormationValue,
} from '../formation/formation-value';
import { portFor } from '../formation/ports';
import {
  InstanceRunner,
  type InstanceConfig,
  type RunnerEnvironment,
  type RunnerListener,
} from '../instance/instance-runner';
import type { OutputChunk } from '../output/output-ring';
import { blockerOf } from '../readiness/start-gate';
import { readyRuleFor } from '../readiness/ready-rule';

export { UnknownProcessError };

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
  | {
      readonly event: 'formation';
      readonly payload: {
        readonly types: readonly ProcessTypeSnapshot[];
        readonly instances: readonly InstanceSnapshot[];
      };
    }
  | Extract<EventMessage, { event: 'instance' | 'instance-removed' | 'types' | 'crash' | 'notice' }>
  /** The formation is stopping because an instance with the stop-all policy exited. */
  | { readonly event: 'stop-all'; readonly payload: StopAllCause };

export type OutputListener = (id: InstanceId, chunk: OutputChunk) => void;

export class Supervisor {
  /** Each type's runners, in the formation's order; an instance being scaled away stays until it has stopped. */
  private readonly slots = new Map<string, Map<number, InstanceRunner>>();
  private readonly listeners = new Set<(event: SupervisorEvent) => void>();
  private readonly outputListeners = new Set<OutputListener>();
  private applied: FormationValue;
  private active = false;
  private trackingSaid = false;
  private readonly runnerListener: RunnerListener;
  /** Which instances were ready at their last state event: a dependency leaving `ready` cascades. */
  private readonly wasReady = new Set<InstanceId>();

  constructor(
    formation: FormationValue,
    private readonly environment: RunnerEnvironment,
  ) {
    this.runnerListener = {
      state: (instance) => {
        this.emit({ event: 'instance', payload: instance });
        this.followDependency(instance);
      },
      crash: (record) => this.emit({ event: 'crash', payload: record }),
      output: (id, chunk) => {
        for (const listener of this.outputListeners) listener(id, chunk);
      },
      notice: (instance, level, message) => this.notice(level, message, instance),
      stopAllRequested: (instance, exit) => this.onStopAllRequested(instance, exit),
    };
    // From nothing, like any other change (nobody listens yet, so nothing is said).
    this.applied = { ...formation, types: [] };
    void this.reconcile(formation);
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

  /** The formation as it is applied now. Change it with `reconcile`. */
  get formation(): FormationValue {
    return this.applied;
  }

  typeSnapshots(): ProcessTypeSnapshot[] {
    return this.applied.types.map((type, index) => ({
      name: type.name,
      command: type.command,
      index,
      line: type.line,
      scale: type.scale,
      policy: type.policy,
      basePort: portFor(this.applied.basePort, index, 1),
      after: type.settings.after,
      restart: type.settings.restart,
    }));
  }

  instanceSnapshots(): InstanceSnapshot[] {
    const out: InstanceSnapshot[] = [];
    for (const runners of this.slots.values()) {
      for (const runner of [...runners.values()].sort((a, b) => a.index - b.index)) out.push(runner.snapshot());
    }
    return out;
  }

  hasType(type: string): boolean {
    return this.slots.has(type);
  }

  runner(id: string): InstanceRunner | null {
    const parsed = parseInstanceId(id);
    if (!parsed) return null;
    return this.slots.get(parsed.type)?.get(parsed.index) ?? null;
  }

  /** Starts the target. Starting a type scaled to 0 scales it to 1. */
  start(target: Target): void {
    this.sayTrackingOnce();
    switch (target.scope) {
      case 'all':
        this.active = true;
        for (const type of this.applied.types) for (const runner of this.inFormation(type.name)) this.launch(runner);
        return;
      case 'type': {
        const type = this.requireType(target.type);
        this.active = true;
        if (type.scale === 0) void this.reconcile(withScale(this.applied, type.name, 1));
        for (const runner of this.inFormation(type.name)) this.launch(runner);
        return;
      }
      case 'instance':
        this.active = true;
        this.launch(this.requireRunner(target.instance));
        return;
      default:
        return assertNever(target, 'target');
    }
  }

  /** Stops the target and resolves when none of its processes is left; asked twice, kills at once. */
  stop(target: Target): Promise<void> {
    switch (target.scope) {
      case 'all':
        this.active = false;
        return this.each([...this.slots.keys()], (runner) => runner.stop());
      case 'type':
        return this.each([this.requireType(target.type).name], (runner) => runner.stop());
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
        return settled(this.applied.types.flatMap((type) => this.inFormation(type.name).map((r) => this.relaunch(r))));
      case 'type':
        this.active = true;
        return this.each([this.requireType(target.type).name], (runner) => this.relaunch(runner));
      case 'instance':
        this.active = true;
        return this.relaunch(this.requireRunner(target.instance));
      default:
        return assertNever(target, 'target');
    }
  }

  /**
   * Makes the running formation `next`: the one way it changes (a slider, a policy, a
   * reload, restored state). The instances it adds start at once, what it stops or removes
   * goes in the background; the promise resolves when all of that is done. Scaling down
   * stops the highest-numbered instances first; an edited command restarts that type only.
   */
  reconcile(next: FormationValue): Promise<void> {
    const steps = plan(this.applied, next);
    this.applied = next;
    const work: Promise<void>[] = [];
    for (const step of steps) {
      const done = this.carryOut(step);
      if (done) work.push(done);
    }
    // The slots follow the formation's order (a reload may reorder the types).
    const ordered = next.types.map(
      (t) => [t.name, this.slots.get(t.name) ?? new Map<number, InstanceRunner>()] as const,
    );
    this.slots.clear();
    for (const [name, runners] of ordered) this.slots.set(name, runners);
    this.emit({ event: 'types', payload: this.typeSnapshots() });
    return settled(work);
  }

  /** Resolves when no process of any instance is alive. */
  idle(): Promise<void> {
    return this.each([...this.slots.keys()], (runner) => runner.idle());
  }

  /** Stops everything for good. */
  async dispose(): Promise<void> {
    this.active = false;
    await this.each([...this.slots.keys()], (runner) => runner.dispose());
    this.environment.cgroups?.close();
  }

  private carryOut(step: FormationStep): Promise<void> | null {
    switch (step.kind) {
      case 'remove': {
        const runners = [...(this.slots.get(step.type)?.values() ?? [])];
        this.slots.delete(step.type);
        this.notice('info', `process type '${step.type}' was removed from the Procfile; stopping it`);
        return settled(runners.map((runner) => runner.dispose())).then(() => {
          for (const runner of runners) this.emit({ event: 'instance-removed', payload: { id: runner.id } });
        });
      }
      case 'add': {
        this.slots.set(step.type, new Map());
        const created = this.ensureRunners(step.type);
        this.notice('info', `process type '${step.type}' was added to the Procfile (${step.scale} instance(s))`);
        if (this.active) for (const runner of created) this.launch(runner);
        return null;
      }
      case 'configure':
        for (const runner of this.runnersOf(step.type))
          runner.configure(this.configFor(step.type, runner.index), this.portOf(step.type, runner.index));
        return null;
      case 'restart':
        this.notice('info', `process type '${step.type}' ${RESTART_CAUSES[step.because]}; restarting it`);
        return settled(
          this.runnersOf(step.type).map((runner) => (isUp(runner.current) ? this.relaunch(runner) : Promise.resolve())),
        );
      case 'scale':
        return this.scaleNow(step.type, step.from, step.to);
      case 'env-changed':
        this.notice('info', 'the environment changed; it applies to each instance from its next (re)start');
        return null;
      default:
        return assertNever(step, 'formation step');
    }
  }

  private scaleNow(type: string, from: number, to: number): Promise<void> {
    this.ensureRunners(type);
    const runners = this.slots.get(type) ?? new Map<number, InstanceRunner>();
    const stopping: Promise<void>[] = [];
    for (const runner of runners.values()) {
      if (runner.index <= to) {
        if (runner.index > from) this.launch(runner);
        continue;
      }
      stopping.push(
        runner.stop().then(async () => {
          // Unless a later change scaled it back up (or removed the type) meanwhile.
          const scale = findType(this.applied, type)?.scale ?? 0;
          if (runner.index <= scale || this.slots.get(type)?.get(runner.index) !== runner) return;
          runners.delete(runner.index);
          const disposed = runner.dispose();
          this.emit({ event: 'instance-removed', payload: { id: runner.id } });
          await disposed;
        }),
      );
    }
    return settled(stopping);
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

  /**
   * Starts the runner now, or holds it `waiting` while an instance of a type it starts
   * `after` is not ready (held again with a new reason when the reason changes).
   */
  private launch(runner: InstanceRunner): void {
    const blocker = blockerOf(this.afterOf(runner.type), (type) => {
      const def = findType(this.applied, type);
      return def ? { scale: def.scale, instances: this.inFormation(type).map((r) => r.snapshot()) } : null;
    });
    if (blocker) runner.hold(blocker.for, blocker.reason);
    else runner.start();
  }

  /** A restart that respects the start order: a dependent stops, then launches (waiting if need be). */
  private relaunch(runner: InstanceRunner): Promise<void> {
    if (this.afterOf(runner.type).length === 0) return runner.restart();
    return runner.stop().then(() => {
      if (this.runner(runner.id) === runner) this.launch(runner);
    });
  }

  private afterOf(type: string): readonly string[] {
    return findType(this.applied, type)?.settings.after ?? [];
  }

  /**
   * After an instance's state changed: the instances waiting for its type try again, and
   * when it left `ready` while the formation runs, the dependents marked `restart: cascade`
   * go back to waiting for it. Deferred a microtask, out of the runner's own dispatch.
   */
  private followDependency(instance: InstanceSnapshot): void {
    const left = this.wasReady.has(instance.id) && !isReady(instance.state);
    if (isReady(instance.state)) this.wasReady.add(instance.id);
    else this.wasReady.delete(instance.id);
    const dependents = this.applied.types.filter((t) => t.settings.after.includes(instance.type));
    if (dependents.length === 0) return;
    queueMicrotask(() => {
      for (const type of dependents) {
        for (const runner of this.inFormation(type.name)) {
          if (runner.current.kind === 'waiting') this.launch(runner);
          else if (left && this.active && type.settings.restart === 'cascade' && isLive(runner.current))
            void this.relaunch(runner);
        }
      }
    });
  }

  private onStopAllRequested(instance: InstanceId, exit: ExitStatus): void {
    if (!this.active) return;
    this.emit({ event: 'stop-all', payload: { instance, exit } });
    void this.stop({ scope: 'all' });
  }

  private runnersOf(type: string): InstanceRunner[] {
    return [...(this.slots.get(type)?.values() ?? [])];
  }

  /** The type's runners within its scale (not those being scaled away). */
  private inFormation(type: string): InstanceRunner[] {
    const scale = findType(this.applied, type)?.scale ?? 0;
    return this.runnersOf(type).filter((runner) => runner.index <= scale);
  }

  /** Creates the runners the type's scale lacks; returns them. */
  private ensureRunners(type: string): InstanceRunner[] {
    const runners = this.slots.get(type);
    const scale = findType(this.applied, type)?.scale ?? 0;
    const created: InstanceRunner[] = [];
    if (!runners) return created;
    for (let index = 1; index <= scale; index++) {
      if (runners.has(index)) continue;
      const runner = new InstanceRunner(
        instanceId(type, index),
        type,
        index,
        this.portOf(type, index),
        this.configFor(type, index),
        this.environment,
        this.runnerListener,
      );
      runners.set(index, runner);
      created.push(runner);
      this.emit({ event: 'instance', payload: runner.snapshot() });
    }
    return created;
  }

  private configFor(type: string, index: number): InstanceConfig {
    const { env, cwd, stopSignal, graceMs } = this.applied;
    const def = this.requireType(type);
    // procdeck.yaml's per-type env and stop win over the formation's; PORT and PS over both.
    const { env: typeEnv, stop } = def.settings;
    const dependedOn = this.applied.types.some((t) => t.settings.after.includes(type));
    return {
      readiness: def.settings.ready,
      readyRule: readyRuleFor(def.settings.ready.check, dependedOn),
      command: def.command,
      cwd,
      env: { ...env, ...typeEnv, PORT: String(this.portOf(type, index)), PS: instanceId(type, index) },
      policy: def.policy,
      stopSignal: stop?.signal ?? stopSignal,
      graceMs: stop?.graceMs ?? graceMs,
    };
  }

  private portOf(type: string, index: number): number {
    return portFor(
      this.applied.basePort,
      this.applied.types.findIndex((t) => t.name === type),
      index,
    );
  }

  private each(types: readonly string[], action: (runner: InstanceRunner) => Promise<void>): Promise<void> {
    return settled(types.flatMap((type) => this.runnersOf(type).map(action)));
  }

  private requireType(type: string): FormationType {
    const found = findType(this.applied, type);
    if (!found) throw new UnknownProcessError(`unknown process type '${type}'`);
    return found;
  }

  private requireRunner(id: string): InstanceRunner {
    const runner = this.runner(id);
    if (!runner) throw new UnknownProcessError(`unknown instance '${id}'`);
    return runner;
  }

  private notice(level: Notice['level'], message: string, instance?: InstanceId): void {
    this.emit({
      event: 'notice',
      payload: instance ? { level, message, at: Date.now(), instance } : { level, message, at: Date.now() },
    });
  }

  private emit(event: SupervisorEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

const RESTART_CAUSES: Record<RestartCause, string> = {
  command: 'command changed',
  moved: 'moved in the Procfile',
  settings: 'settings changed in procdeck.yaml',
};

function settled(work: readonly Promise<void>[]): Promise<void> {
  return Promise.all(work).then(() => undefined);
}
