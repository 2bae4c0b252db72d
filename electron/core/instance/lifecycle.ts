/**
 * The lifecycle of one instance slot (`web.2`) as a pure machine: `transition(slot, event)`
 * gives the next slot and the effects that carry it out, in order. InstanceRunner performs
 * the effects; nothing here does I/O, reads the clock or holds a timer (events carry `at`).
 *
 * Contract: a timer carries the epoch it was scheduled in; one that fires in a later epoch,
 * or in a state it was not meant for, does nothing. A new process is never spawned while the
 * previous run's tree is busy (no EADDRINUSE on restart): the spawn waits for `run-done`.
 * `spawn` is always the last effect of its list, because performing it dispatches
 * `spawned` or `spawn-failed` at once.
 *
 * Readiness: a spawned instance is `starting` until its readiness probe passes (a
 * `probe-answer` of the run's epoch; an answer of an earlier run is stale and ignored), or,
 * for the zero-configuration check of a type nobody waits for, until the start window ends.
 * `waiting` is wanted-up-but-held: the supervisor holds an instance whose dependencies are
 * not ready (`wait`) and releases it with `start`.
 */
import {
  assertNever,
  type ExitPolicy,
  type ExitStatus,
  type InstanceId,
  type InstanceState,
} from '../../../shared/model';
import { afterExit, isCleanExit } from './after-exit';
import type { BackoffPolicy } from './backoff';

export interface LifecycleRules {
  readonly policy: ExitPolicy;
  readonly graceMs: number;
  /** A process that exits sooner than this after spawning failed to start. */
  readonly startWindowMs: number;
  /** After the leader exits, how long leftover descendants may keep writing before they are stopped. */
  readonly drainMs: number;
  readonly backoff: BackoffPolicy;
  /** When a spawned instance counts as ready. */
  readonly ready: ReadyRule;
  /** After this long `starting`, a failing probe's answer is said once as a warning. */
  readonly warnAfterMs: number;
}

/**
 * `at-spawn`: as soon as it is spawned (no check). `probe`: when its probe passes, however
 * long that takes. `probe-or-start-window`: the probe passing, or the start window ending
 * (the default for a type that may never listen, and that nobody waits for).
 */
export type ReadyRule = 'at-spawn' | 'probe' | 'probe-or-start-window';

export interface Slot {
  readonly id: InstanceId;
  readonly state: InstanceState;
  /** What the user (or the exit policy) wants. */
  readonly desired: 'up' | 'down';
  /** Whether a run's tree may still be alive; `busy-then-spawn`: a start waits for it to be gone. */
  readonly tree: 'clear' | 'busy' | 'busy-then-spawn';
  readonly epoch: number;
  /** Failed starts in a row (the backoff streak). */
  readonly failures: number;
  readonly starts: number;
  /** Descendants of the last run that survived SIGKILL. */
  readonly escaped: readonly number[];
  /** Stopped for good: nothing starts it again. */
  readonly disposed: boolean;
  /** This run's "not ready after N s" was said. */
  readonly warned: boolean;
  readonly rules: LifecycleRules;
}

export type LifecycleEvent =
  | { readonly kind: 'start' }
  | { readonly kind: 'stop'; readonly at: number }
  | { readonly kind: 'restart'; readonly at: number }
  /** The working directory was checked for the spawn of this epoch: null, it can be used. */
  | { readonly kind: 'directory-checked'; readonly epoch: number; readonly problem: string | null; readonly at: number }
  | { readonly kind: 'spawned'; readonly pid: number; readonly since: number }
  | { readonly kind: 'spawn-failed'; readonly reason: string; readonly at: number }
  /** The process ended on its own. */
  | { readonly kind: 'exited'; readonly exit: ExitStatus; readonly uptimeMs: number; readonly at: number }
  /** A requested stop reached the whole tree. */
  | {
      readonly kind: 'stopped';
      readonly exit: ExitStatus | null;
      readonly escaped: readonly number[];
      readonly at: number;
    }
  /** After `exited`: what the process left behind was stopped (`signalled` of them). */
  | { readonly kind: 'leftovers'; readonly signalled: number; readonly escaped: readonly number[] }
  /** The run's tree is gone and its output closed. */
  | { readonly kind: 'run-done' }
  | { readonly kind: 'timer'; readonly epoch: number; readonly at: number }
  /** The readiness probe of the run of `epoch` answered. */
  | {
      readonly kind: 'probe-answer';
      readonly epoch: number;
      readonly passed: boolean;
      readonly answer: string;
      readonly at: number;
    }
  /** Wanted up, but held until `for` are ready (the supervisor's start order); `start` releases it. */
  | { readonly kind: 'wait'; readonly for: readonly InstanceId[]; readonly reason: string; readonly at: number }
  | { readonly kind: 'configure'; readonly rules: LifecycleRules }
  | { readonly kind: 'dispose' };

export type LifecycleEffect =
  /** The slot's snapshot changed. */
  | { readonly kind: 'publish' }
  | { readonly kind: 'notice'; readonly level: 'info' | 'warning' | 'error'; readonly message: string }
  /** Check the working directory, then dispatch `directory-checked` with this epoch. */
  | { readonly kind: 'check-directory'; readonly epoch: number }
  | { readonly kind: 'spawn' }
  /** Run the readiness probe of this epoch's run, dispatching `probe-answer` until it passes or the run ends. */
  | { readonly kind: 'probe'; readonly epoch: number }
  /** The stop signal to the run's tree, SIGKILL after the grace period. */
  | { readonly kind: 'stop-run' }
  /** SIGKILL to the stopping tree now. */
  | { readonly kind: 'escalate' }
  /** The run's leftovers get the stop signal now instead of after draining. */
  | { readonly kind: 'hurry' }
  /** Replaces any timer: dispatch `timer` with this epoch after `delayMs`. */
  | { readonly kind: 'schedule'; readonly epoch: number; readonly delayMs: number }
  | { readonly kind: 'cancel-timer' }
  /** Keep a crash record of the current run (`run`: its start number). */
  | { readonly kind: 'record-crash'; readonly exit: ExitStatus; readonly uptimeMs: number; readonly run: number }
  /** The exit policy is stop-all and this instance exited on its own. */
  | { readonly kind: 'stop-all'; readonly exit: ExitStatus };

export interface Transition {
  readonly slot: Slot;
  readonly effects: readonly LifecycleEffect[];
}

export function initialSlot(id: InstanceId, rules: LifecycleRules): Slot {
  return {
    id,
    state: { kind: 'idle' },
    desired: 'down',
    tree: 'clear',
    epoch: 0,
    failures: 0,
    starts: 0,
    escaped: [],
    disposed: false,
    warned: false,
    rules,
  };
}

export function transition(slot: Slot, event: LifecycleEvent): Transition {
  switch (event.kind) {
    case 'start':
      return slot.disposed ? unchanged(slot) : start({ ...slot, desired: 'up' });
    case 'stop':
      return stop({ ...slot, desired: 'down' }, event.at);
    case 'restart':
      if (slot.disposed) return unchanged(slot);
      return isUp(slot.state) ? beginStop({ ...slot, desired: 'up' }, event.at) : start({ ...slot, desired: 'up' });
    case 'directory-checked':
      if (event.epoch !== slot.epoch || slot.desired === 'down' || slot.disposed || slot.tree !== 'clear')
        return unchanged(slot);
      if (event.problem !== null) return cannotStart(slot, event.problem, event.at);
      return { slot, effects: [{ kind: 'spawn' }] };
    case 'spawned': {
      const epoch = slot.epoch + 1;
      const next = { ...slot, epoch, tree: 'busy' as const, starts: slot.starts + 1, escaped: [], warned: false };
      const window: LifecycleEffect = { kind: 'schedule', epoch, delayMs: slot.rules.startWindowMs };
      if (slot.rules.ready === 'at-spawn') {
        const ready: InstanceState = { kind: 'ready', pid: event.pid, since: event.since, at: event.since };
        return to(next, { ...ready, answer: 'no readiness check' }, [], [window]);
      }
      return to(next, { kind: 'starting', pid: event.pid, since: event.since }, [], [window, { kind: 'probe', epoch }]);
    }
    case 'probe-answer':
      return probeAnswer(slot, event);
    case 'wait':
      return wait(slot, event);
    case 'spawn-failed':
      return cannotStart(slot, event.reason, event.at);
    case 'exited':
      return exited(slot, event);
    case 'stopped':
      return noteEscaped(to(slot, { kind: 'stopped', at: event.at, exit: event.exit }), event.escaped);
    case 'leftovers': {
      const { signalled } = event;
      const said = `${slot.id} exited but left ${signalled} process(es) running; stopped them after ${slot.rules.drainMs} ms`;
      return noteEscaped({ slot, effects: signalled > 0 ? [notice('info', said)] : [] }, event.escaped);
    }
    case 'run-done': {
      const next: Slot = { ...slot, tree: 'clear' };
      // A backoff waits for its timer, a held instance for the supervisor's `start`.
      const held = slot.state.kind === 'backoff' || slot.state.kind === 'waiting';
      const waited = slot.tree === 'busy-then-spawn' || !held;
      return slot.desired === 'up' && !slot.disposed && waited ? checkDirectory(next) : unchanged(next);
    }
    case 'timer':
      return timer(slot, event.epoch, event.at);
    case 'configure':
      return unchanged({ ...slot, rules: event.rules });
    case 'dispose':
      return { slot: { ...slot, disposed: true }, effects: [CANCEL_TIMER] };
    default:
      return assertNever(event, 'lifecycle event');
  }
}

const PUBLISH: LifecycleEffect = { kind: 'publish' };
const CANCEL_TIMER: LifecycleEffect = { kind: 'cancel-timer' };

function start(slot: Slot): Transition {
  const state = slot.state;
  switch (state.kind) {
    case 'starting':
    case 'ready':
    case 'stopping':
      // Already up, or coming back up when the stop completes.
      return unchanged(slot);
    case 'backoff':
    case 'waiting':
      return spawnWhenClear(slot);
    case 'idle':
    case 'stopped':
    case 'exited':
    case 'crashed':
    case 'failed':
    case 'crash-loop':
      return spawnWhenClear({ ...slot, failures: 0 });
    default:
      return assertNever(state, 'instance state');
  }
}

/** Asked again while stopping, it sends SIGKILL at once. */
function stop(slot: Slot, at: number): Transition {
  const state = slot.state;
  switch (state.kind) {
    case 'starting':
    case 'ready':
      return beginStop(slot, at);
    case 'stopping':
      if (slot.tree === 'clear' || state.escalated) return unchanged(slot);
      return to(slot, { ...state, escalated: true, deadline: at }, [], [{ kind: 'escalate' }]);
    case 'backoff':
      return to(slot, { kind: 'stopped', at, exit: state.exit }, [CANCEL_TIMER]);
    case 'waiting':
      return to(slot, { kind: 'stopped', at, exit: null }, [CANCEL_TIMER]);
    case 'exited':
    case 'crashed':
    case 'failed':
      // Leftover descendants may still be draining: stop them now, with the grace period
      // (a stop-all caused by this very exit lands here); a second request kills them.
      return { slot, effects: slot.tree === 'clear' ? [] : [{ kind: 'hurry' }] };
    case 'idle':
    case 'stopped':
    case 'crash-loop':
      return unchanged(slot);
    default:
      return assertNever(state, 'instance state');
  }
}

function beginStop(slot: Slot, at: number): Transition {
  const state = slot.state;
  if (slot.tree === 'clear' || !isUp(state)) return unchanged(slot);
  const stopping: InstanceState = {
    kind: 'stopping',
    pid: state.pid,
    since: at,
    deadline: at + slot.rules.graceMs,
    escalated: false,
  };
  return to(slot, stopping, [CANCEL_TIMER], [{ kind: 'stop-run' }]);
}

function spawnWhenClear(slot: Slot): Transition {
  if (slot.tree !== 'clear') return { slot: { ...slot, tree: 'busy-then-spawn' }, effects: [CANCEL_TIMER] };
  const { slot: next, effects } = checkDirectory(slot);
  return { slot: next, effects: [CANCEL_TIMER, ...effects] };
}

function checkDirectory(slot: Slot): Transition {
  const epoch = slot.epoch + 1;
  return { slot: { ...slot, epoch }, effects: [{ kind: 'check-directory', epoch }] };
}

function timer(slot: Slot, epoch: number, at: number): Transition {
  if (epoch !== slot.epoch) return unchanged(slot);
  const state = slot.state;
  if (state.kind === 'starting' && slot.rules.ready === 'probe-or-start-window') {
    // Nobody waits for this type and it does not listen on its PORT: it is up once it has lasted the start window.
    const answer = `ran ${slot.rules.startWindowMs} ms without listening on its PORT`;
    return to(slot, { kind: 'ready', pid: state.pid, since: state.since, at, answer });
  }
  if (state.kind === 'backoff' && slot.desired === 'up') return spawnWhenClear(slot);
  return unchanged(slot);
}

function probeAnswer(slot: Slot, event: Extract<LifecycleEvent, { kind: 'probe-answer' }>): Transition {
  const state = slot.state;
  // An answer about an earlier run, or one that comes after the instance became ready or left: stale.
  if (event.epoch !== slot.epoch || state.kind !== 'starting') return unchanged(slot);
  const { answer, at } = event;
  if (event.passed) return to(slot, { kind: 'ready', pid: state.pid, since: state.since, at, answer });
  const late = !slot.warned && at - state.since >= slot.rules.warnAfterMs;
  const said = late
    ? [notice('warning', `${slot.id} not ready after ${Math.round((at - state.since) / 1000)} s: ${answer}`)]
    : [];
  const next = late ? { ...slot, warned: true } : slot;
  if (state.answer === answer) return { slot: next, effects: said };
  return to(next, { ...state, answer }, [], said);
}

/** Held for dependencies: from any state without a process; a live one is first stopped by the supervisor. */
function wait(slot: Slot, event: Extract<LifecycleEvent, { kind: 'wait' }>): Transition {
  const state = slot.state;
  const held = { ...slot, desired: 'up' as const };
  switch (state.kind) {
    case 'waiting':
      if (state.reason === event.reason && sameIds(state.for, event.for)) return unchanged(held);
      return to(held, { ...state, for: [...event.for], reason: event.reason });
    case 'idle':
    case 'stopped':
    case 'exited':
    case 'crashed':
    case 'failed':
    case 'crash-loop':
    case 'backoff':
      if (slot.disposed) return unchanged(slot);
      // A new epoch: a directory check or timer already on its way is stale and spawns nothing.
      return to(
        { ...held, epoch: slot.epoch + 1, failures: state.kind === 'backoff' ? slot.failures : 0 },
        { kind: 'waiting', for: [...event.for], since: event.at, reason: event.reason },
        [CANCEL_TIMER],
      );
    case 'starting':
    case 'ready':
    case 'stopping':
      return unchanged(slot);
    default:
      return assertNever(state, 'instance state');
  }
}

function sameIds(a: readonly InstanceId[], b: readonly InstanceId[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

function exited(
  slot: Slot,
  event: { readonly exit: ExitStatus; readonly uptimeMs: number; readonly at: number },
): Transition {
  const { exit, uptimeMs, at } = event;
  const { rules } = slot;
  const next = afterExit({
    exit,
    uptimeMs,
    startWindowMs: rules.startWindowMs,
    policy: slot.desired === 'up' ? rules.policy : 'keep',
    failures: slot.failures,
    backoff: rules.backoff,
  });
  const epoch = slot.epoch + 1;
  const after: Slot = { ...slot, epoch, failures: next.failures };
  const crash: LifecycleEffect[] = isCleanExit(exit)
    ? []
    : [{ kind: 'record-crash', exit, uptimeMs, run: slot.starts }];
  const before = [CANCEL_TIMER, ...crash];
  switch (next.kind) {
    case 'failed':
      return to({ ...after, desired: 'down' }, { kind: 'failed', at, reason: next.reason, exit }, before, [
        notice('error', `${slot.id} could not start: ${next.reason}`),
      ]);
    case 'crash-loop':
      return to({ ...after, desired: 'down' }, { kind: 'crash-loop', at, failures: next.failures, exit }, before, [
        notice(
          'error',
          `${slot.id} is crash-looping: ${next.failures} failed starts in a row; not restarting until asked`,
        ),
      ]);
    case 'backoff':
      return to(after, { kind: 'backoff', until: at + next.delayMs, attempt: next.failures, exit }, before, [
        { kind: 'schedule', epoch, delayMs: next.delayMs },
      ]);
    case 'exited':
    case 'crashed':
      return to(
        { ...after, desired: 'down' },
        { kind: next.kind, at, exit, uptimeMs: Math.round(uptimeMs) },
        before,
        next.stopAll ? [{ kind: 'stop-all', exit }] : [],
      );
    default:
      return assertNever(next, 'what follows an exit');
  }
}

function cannotStart(slot: Slot, reason: string, at: number): Transition {
  return to({ ...slot, desired: 'down' }, { kind: 'failed', at, reason, exit: null }, [], [notice('error', reason)]);
}

function noteEscaped(result: Transition, escaped: readonly number[]): Transition {
  if (escaped.length === 0) return result;
  const { slot } = result;
  const said = `${slot.id}: ${escaped.length} descendant process(es) survived SIGKILL: pid ${escaped.join(', ')}`;
  return { slot: { ...slot, escaped: [...escaped] }, effects: [...result.effects, notice('warning', said), PUBLISH] };
}

/** The slot enters `state`: `before`, then publish, then `after`. */
function to(
  slot: Slot,
  state: InstanceState,
  before: readonly LifecycleEffect[] = [],
  after: readonly LifecycleEffect[] = [],
): Transition {
  return { slot: { ...slot, state }, effects: [...before, PUBLISH, ...after] };
}

function unchanged(slot: Slot): Transition {
  return { slot, effects: [] };
}

function notice(level: 'info' | 'warning' | 'error', message: string): LifecycleEffect {
  return { kind: 'notice', level, message };
}

function isUp(state: InstanceState): state is Extract<InstanceState, { kind: 'starting' | 'ready' }> {
  return state.kind === 'starting' || state.kind === 'ready';
}
