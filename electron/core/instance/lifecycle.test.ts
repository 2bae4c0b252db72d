import { describe, expect, it } from 'vitest';
import type { ExitStatus, InstanceState, InstanceStateKind } from '../../../shared/model';
import { DEFAULT_BACKOFF } from './backoff';
import {
  initialSlot,
  transition,
  type LifecycleEffect,
  type LifecycleEvent,
  type LifecycleRules,
  type Slot,
  type Transition,
} from './lifecycle';

const rules: LifecycleRules = {
  policy: 'restart',
  graceMs: 5000,
  startWindowMs: 1000,
  drainMs: 500,
  backoff: DEFAULT_BACKOFF,
  ready: 'probe-or-start-window',
  warnAfterMs: 30_000,
};
const crash: ExitStatus = { kind: 'code', code: 1 };
/** The epoch every slot of the table is in: a timer or directory check of epoch E is current, E - 1 stale. */
const E = 7;

/** Each state as it usually is: what is desired, and whether a run's tree may still be alive. */
const STATES: Record<InstanceStateKind, { state: InstanceState; desired: Slot['desired']; tree: Slot['tree'] }> = {
  idle: { state: { kind: 'idle' }, desired: 'down', tree: 'clear' },
  // Held for a dependency: wanted up, nothing spawned.
  waiting: {
    state: { kind: 'waiting', for: ['db.1'], since: 50, reason: 'not listening on 5100 yet' },
    desired: 'up',
    tree: 'clear',
  },
  starting: { state: { kind: 'starting', pid: 42, since: 100 }, desired: 'up', tree: 'busy' },
  ready: { state: { kind: 'ready', pid: 42, since: 100, at: 100 }, desired: 'up', tree: 'busy' },
  stopping: {
    state: { kind: 'stopping', pid: 42, since: 200, deadline: 5200, escalated: false },
    desired: 'down',
    tree: 'busy',
  },
  stopped: { state: { kind: 'stopped', at: 300, exit: crash }, desired: 'down', tree: 'clear' },
  // Exited on its own: its leftovers may still be draining.
  exited: {
    state: { kind: 'exited', at: 300, exit: { kind: 'code', code: 0 }, uptimeMs: 5000 },
    desired: 'down',
    tree: 'busy',
  },
  crashed: { state: { kind: 'crashed', at: 300, exit: crash, uptimeMs: 5000 }, desired: 'down', tree: 'busy' },
  backoff: { state: { kind: 'backoff', until: 1300, attempt: 1, exit: crash }, desired: 'up', tree: 'busy' },
  'crash-loop': { state: { kind: 'crash-loop', at: 300, failures: 6, exit: crash }, desired: 'down', tree: 'busy' },
  failed: {
    state: { kind: 'failed', at: 300, reason: 'working directory /nope does not exist (ENOENT)', exit: null },
    desired: 'down',
    tree: 'clear',
  },
};

const EVENTS = {
  start: { kind: 'start' },
  stop: { kind: 'stop', at: 1000 },
  restart: { kind: 'restart', at: 1000 },
  'directory-checked': { kind: 'directory-checked', epoch: E, problem: null, at: 1000 },
  'directory-checked (stale)': { kind: 'directory-checked', epoch: E - 1, problem: null, at: 1000 },
  spawned: { kind: 'spawned', pid: 43, since: 1000 },
  'spawn-failed': { kind: 'spawn-failed', reason: 'could not start: EAGAIN', at: 1000 },
  exited: { kind: 'exited', exit: crash, uptimeMs: 5000, at: 1000 },
  stopped: { kind: 'stopped', exit: crash, escaped: [], at: 1000 },
  leftovers: { kind: 'leftovers', signalled: 2, escaped: [] },
  'run-done': { kind: 'run-done' },
  timer: { kind: 'timer', epoch: E, at: 1000 },
  'timer (stale)': { kind: 'timer', epoch: E - 1, at: 1000 },
  'probe-answer (passed)': { kind: 'probe-answer', epoch: E, passed: true, answer: 'listening on 5000', at: 1000 },
  'probe-answer (not yet)': {
    kind: 'probe-answer',
    epoch: E,
    passed: false,
    answer: 'not listening on 5000 yet',
    at: 1000,
  },
  'probe-answer (stale)': { kind: 'probe-answer', epoch: E - 1, passed: true, answer: 'listening on 5000', at: 1000 },
  wait: { kind: 'wait', for: ['db.1'], reason: 'db.1 is stopped', at: 1000 },
  configure: { kind: 'configure', rules: { ...rules, graceMs: 100 } },
  dispose: { kind: 'dispose' },
} as const satisfies Record<string, LifecycleEvent>;

function slotIn(kind: InstanceStateKind, patch: Partial<Slot> = {}): Slot {
  return { ...initialSlot('web.1', rules), ...STATES[kind], epoch: E, ...patch };
}

/** A transition as one line: the next state, desired/tree, and the effects in order. */
function show({ slot, effects }: Transition): string {
  const head = `${slot.state.kind} ${slot.desired}/${slot.tree}${slot.disposed ? ' disposed' : ''}:`;
  return [head, ...effects.map((effect) => effect.kind)].join(' ');
}

/**
 * Every (state, event) pair. Some pairs cannot happen in a real run (a `spawned` while
 * idle and not wanted); they are pinned anyway, so the machine's answer never changes unseen.
 */
const TABLE: Record<keyof typeof EVENTS, Record<InstanceStateKind, string>> = {
  start: {
    waiting: 'waiting up/clear: cancel-timer check-directory',
    idle: 'idle up/clear: cancel-timer check-directory',
    starting: 'starting up/busy:',
    ready: 'ready up/busy:',
    stopping: 'stopping up/busy:',
    stopped: 'stopped up/clear: cancel-timer check-directory',
    exited: 'exited up/busy-then-spawn: cancel-timer',
    crashed: 'crashed up/busy-then-spawn: cancel-timer',
    backoff: 'backoff up/busy-then-spawn: cancel-timer',
    'crash-loop': 'crash-loop up/busy-then-spawn: cancel-timer',
    failed: 'failed up/clear: cancel-timer check-directory',
  },
  stop: {
    waiting: 'stopped down/clear: cancel-timer publish',
    idle: 'idle down/clear:',
    starting: 'stopping down/busy: cancel-timer publish stop-run',
    ready: 'stopping down/busy: cancel-timer publish stop-run',
    stopping: 'stopping down/busy: publish escalate',
    stopped: 'stopped down/clear:',
    exited: 'exited down/busy: hurry',
    crashed: 'crashed down/busy: hurry',
    backoff: 'stopped down/busy: cancel-timer publish',
    'crash-loop': 'crash-loop down/busy:',
    failed: 'failed down/clear:',
  },
  restart: {
    waiting: 'waiting up/clear: cancel-timer check-directory',
    idle: 'idle up/clear: cancel-timer check-directory',
    starting: 'stopping up/busy: cancel-timer publish stop-run',
    ready: 'stopping up/busy: cancel-timer publish stop-run',
    stopping: 'stopping up/busy:',
    stopped: 'stopped up/clear: cancel-timer check-directory',
    exited: 'exited up/busy-then-spawn: cancel-timer',
    crashed: 'crashed up/busy-then-spawn: cancel-timer',
    backoff: 'backoff up/busy-then-spawn: cancel-timer',
    'crash-loop': 'crash-loop up/busy-then-spawn: cancel-timer',
    failed: 'failed up/clear: cancel-timer check-directory',
  },
  // Only a wanted slot with a clear tree spawns (see the situations below): none of these.
  'directory-checked': {
    waiting: 'waiting up/clear: spawn',
    idle: 'idle down/clear:',
    starting: 'starting up/busy:',
    ready: 'ready up/busy:',
    stopping: 'stopping down/busy:',
    stopped: 'stopped down/clear:',
    exited: 'exited down/busy:',
    crashed: 'crashed down/busy:',
    backoff: 'backoff up/busy:',
    'crash-loop': 'crash-loop down/busy:',
    failed: 'failed down/clear:',
  },
  'directory-checked (stale)': {
    waiting: 'waiting up/clear:',
    idle: 'idle down/clear:',
    starting: 'starting up/busy:',
    ready: 'ready up/busy:',
    stopping: 'stopping down/busy:',
    stopped: 'stopped down/clear:',
    exited: 'exited down/busy:',
    crashed: 'crashed down/busy:',
    backoff: 'backoff up/busy:',
    'crash-loop': 'crash-loop down/busy:',
    failed: 'failed down/clear:',
  },
  spawned: {
    waiting: 'starting up/busy: publish schedule probe',
    idle: 'starting down/busy: publish schedule probe',
    starting: 'starting up/busy: publish schedule probe',
    ready: 'starting up/busy: publish schedule probe',
    stopping: 'starting down/busy: publish schedule probe',
    stopped: 'starting down/busy: publish schedule probe',
    exited: 'starting down/busy: publish schedule probe',
    crashed: 'starting down/busy: publish schedule probe',
    backoff: 'starting up/busy: publish schedule probe',
    'crash-loop': 'starting down/busy: publish schedule probe',
    failed: 'starting down/busy: publish schedule probe',
  },
  'spawn-failed': {
    waiting: 'failed down/clear: publish notice',
    idle: 'failed down/clear: publish notice',
    starting: 'failed down/busy: publish notice',
    ready: 'failed down/busy: publish notice',
    stopping: 'failed down/busy: publish notice',
    stopped: 'failed down/clear: publish notice',
    exited: 'failed down/busy: publish notice',
    crashed: 'failed down/busy: publish notice',
    backoff: 'failed down/busy: publish notice',
    'crash-loop': 'failed down/busy: publish notice',
    failed: 'failed down/clear: publish notice',
  },
  // Wanted up under the restart policy, an exit backs off; not wanted, the policy does not apply.
  exited: {
    waiting: 'backoff up/clear: cancel-timer record-crash publish schedule',
    idle: 'crashed down/clear: cancel-timer record-crash publish',
    starting: 'backoff up/busy: cancel-timer record-crash publish schedule',
    ready: 'backoff up/busy: cancel-timer record-crash publish schedule',
    stopping: 'crashed down/busy: cancel-timer record-crash publish',
    stopped: 'crashed down/clear: cancel-timer record-crash publish',
    exited: 'crashed down/busy: cancel-timer record-crash publish',
    crashed: 'crashed down/busy: cancel-timer record-crash publish',
    backoff: 'backoff up/busy: cancel-timer record-crash publish schedule',
    'crash-loop': 'crashed down/busy: cancel-timer record-crash publish',
    failed: 'crashed down/clear: cancel-timer record-crash publish',
  },
  stopped: {
    waiting: 'stopped up/clear: publish',
    idle: 'stopped down/clear: publish',
    starting: 'stopped up/busy: publish',
    ready: 'stopped up/busy: publish',
    stopping: 'stopped down/busy: publish',
    stopped: 'stopped down/clear: publish',
    exited: 'stopped down/busy: publish',
    crashed: 'stopped down/busy: publish',
    backoff: 'stopped up/busy: publish',
    'crash-loop': 'stopped down/busy: publish',
    failed: 'stopped down/clear: publish',
  },
  leftovers: {
    waiting: 'waiting up/clear: notice',
    idle: 'idle down/clear: notice',
    starting: 'starting up/busy: notice',
    ready: 'ready up/busy: notice',
    stopping: 'stopping down/busy: notice',
    stopped: 'stopped down/clear: notice',
    exited: 'exited down/busy: notice',
    crashed: 'crashed down/busy: notice',
    backoff: 'backoff up/busy: notice',
    'crash-loop': 'crash-loop down/busy: notice',
    failed: 'failed down/clear: notice',
  },
  // A backoff waits for its timer, not for the tree (unless the timer already fired: below).
  'run-done': {
    waiting: 'waiting up/clear:',
    idle: 'idle down/clear:',
    starting: 'starting up/clear: check-directory',
    ready: 'ready up/clear: check-directory',
    stopping: 'stopping down/clear:',
    stopped: 'stopped down/clear:',
    exited: 'exited down/clear:',
    crashed: 'crashed down/clear:',
    backoff: 'backoff up/clear:',
    'crash-loop': 'crash-loop down/clear:',
    failed: 'failed down/clear:',
  },
  timer: {
    waiting: 'waiting up/clear:',
    idle: 'idle down/clear:',
    starting: 'ready up/busy: publish',
    ready: 'ready up/busy:',
    stopping: 'stopping down/busy:',
    stopped: 'stopped down/clear:',
    exited: 'exited down/busy:',
    crashed: 'crashed down/busy:',
    backoff: 'backoff up/busy-then-spawn: cancel-timer',
    'crash-loop': 'crash-loop down/busy:',
    failed: 'failed down/clear:',
  },
  'timer (stale)': {
    waiting: 'waiting up/clear:',
    idle: 'idle down/clear:',
    starting: 'starting up/busy:',
    ready: 'ready up/busy:',
    stopping: 'stopping down/busy:',
    stopped: 'stopped down/clear:',
    exited: 'exited down/busy:',
    crashed: 'crashed down/busy:',
    backoff: 'backoff up/busy:',
    'crash-loop': 'crash-loop down/busy:',
    failed: 'failed down/clear:',
  },
  configure: {
    waiting: 'waiting up/clear:',
    idle: 'idle down/clear:',
    starting: 'starting up/busy:',
    ready: 'ready up/busy:',
    stopping: 'stopping down/busy:',
    stopped: 'stopped down/clear:',
    exited: 'exited down/busy:',
    crashed: 'crashed down/busy:',
    backoff: 'backoff up/busy:',
    'crash-loop': 'crash-loop down/busy:',
    failed: 'failed down/clear:',
  },
  dispose: {
    waiting: 'waiting up/clear disposed: cancel-timer',
    idle: 'idle down/clear disposed: cancel-timer',
    starting: 'starting up/busy disposed: cancel-timer',
    ready: 'ready up/busy disposed: cancel-timer',
    stopping: 'stopping down/busy disposed: cancel-timer',
    stopped: 'stopped down/clear disposed: cancel-timer',
    exited: 'exited down/busy disposed: cancel-timer',
    crashed: 'crashed down/busy disposed: cancel-timer',
    backoff: 'backoff up/busy disposed: cancel-timer',
    'crash-loop': 'crash-loop down/busy disposed: cancel-timer',
    failed: 'failed down/clear disposed: cancel-timer',
  },
  'probe-answer (passed)': {
    idle: 'idle down/clear:',
    waiting: 'waiting up/clear:',
    starting: 'ready up/busy: publish',
    ready: 'ready up/busy:',
    stopping: 'stopping down/busy:',
    stopped: 'stopped down/clear:',
    exited: 'exited down/busy:',
    crashed: 'crashed down/busy:',
    backoff: 'backoff up/busy:',
    'crash-loop': 'crash-loop down/busy:',
    failed: 'failed down/clear:',
  },
  'probe-answer (not yet)': {
    idle: 'idle down/clear:',
    waiting: 'waiting up/clear:',
    starting: 'starting up/busy: publish',
    ready: 'ready up/busy:',
    stopping: 'stopping down/busy:',
    stopped: 'stopped down/clear:',
    exited: 'exited down/busy:',
    crashed: 'crashed down/busy:',
    backoff: 'backoff up/busy:',
    'crash-loop': 'crash-loop down/busy:',
    failed: 'failed down/clear:',
  },
  'probe-answer (stale)': {
    idle: 'idle down/clear:',
    waiting: 'waiting up/clear:',
    starting: 'starting up/busy:',
    ready: 'ready up/busy:',
    stopping: 'stopping down/busy:',
    stopped: 'stopped down/clear:',
    exited: 'exited down/busy:',
    crashed: 'crashed down/busy:',
    backoff: 'backoff up/busy:',
    'crash-loop': 'crash-loop down/busy:',
    failed: 'failed down/clear:',
  },
  wait: {
    idle: 'waiting up/clear: cancel-timer publish',
    waiting: 'waiting up/clear: publish',
    starting: 'starting up/busy:',
    ready: 'ready up/busy:',
    stopping: 'stopping down/busy:',
    stopped: 'waiting up/clear: cancel-timer publish',
    exited: 'waiting up/busy: cancel-timer publish',
    crashed: 'waiting up/busy: cancel-timer publish',
    backoff: 'waiting up/busy: cancel-timer publish',
    'crash-loop': 'waiting up/busy: cancel-timer publish',
    failed: 'waiting up/clear: cancel-timer publish',
  },
};

describe('transition: every (state, event) pair', () => {
  const pairs = Object.entries(TABLE).flatMap(([event, row]) =>
    Object.entries(row).map(
      ([state, expected]) => [event as keyof typeof EVENTS, state as InstanceStateKind, expected] as const,
    ),
  );
  it.each(pairs)('%s in %s → %s', (event, state, expected) => {
    expect(show(transition(slotIn(state), EVENTS[event]))).toBe(expected);
  });
});

describe('transition: situations the table leaves out', () => {
  it.each([
    [
      'a wanted slot with a clear tree spawns once its directory is fine',
      slotIn('idle', { desired: 'up' }),
      EVENTS['directory-checked'],
      'idle up/clear: spawn',
    ],
    [
      '…and not on a stale check (a second start superseded it)',
      slotIn('idle', { desired: 'up' }),
      EVENTS['directory-checked (stale)'],
      'idle up/clear:',
    ],
    [
      '…and not while the last tree is busy',
      slotIn('stopped', { desired: 'up', tree: 'busy' }),
      EVENTS['directory-checked'],
      'stopped up/busy:',
    ],
    [
      '…and not once disposed',
      slotIn('idle', { desired: 'up', disposed: true }),
      EVENTS['directory-checked'],
      'idle up/clear disposed:',
    ],
    [
      'a restart whose stop completed spawns when the tree is gone',
      slotIn('stopped', { desired: 'up', tree: 'busy' }),
      EVENTS['run-done'],
      'stopped up/clear: check-directory',
    ],
    [
      'a backoff whose timer fired while the tree drained spawns when it is gone',
      slotIn('backoff', { tree: 'busy-then-spawn' }),
      EVENTS['run-done'],
      'backoff up/clear: check-directory',
    ],
    [
      '…but not if it was stopped meanwhile',
      slotIn('stopped', { desired: 'down', tree: 'busy-then-spawn' }),
      EVENTS['run-done'],
      'stopped down/clear:',
    ],
    [
      'a backoff timer with the tree gone spawns at once',
      slotIn('backoff', { tree: 'clear' }),
      EVENTS.timer,
      'backoff up/clear: cancel-timer check-directory',
    ],
    [
      'a backoff timer after a stop does nothing',
      slotIn('backoff', { desired: 'down', tree: 'clear' }),
      EVENTS.timer,
      'backoff down/clear:',
    ],
    [
      'a second stop after SIGKILL went does nothing more',
      slotIn('stopping', { state: { kind: 'stopping', pid: 42, since: 200, deadline: 200, escalated: true } }),
      EVENTS.stop,
      'stopping down/busy:',
    ],
    [
      'stopping leftovers that are already gone sends nothing',
      slotIn('crashed', { tree: 'clear' }),
      EVENTS.stop,
      'crashed down/clear:',
    ],
    [
      'a disposed slot does not start',
      slotIn('stopped', { disposed: true }),
      EVENTS.start,
      'stopped down/clear disposed:',
    ],
    [
      'a disposed slot does not restart',
      slotIn('stopped', { disposed: true }),
      EVENTS.restart,
      'stopped down/clear disposed:',
    ],
    [
      'a disposed slot does not respawn when a tree is gone',
      slotIn('stopped', { desired: 'up', disposed: true, tree: 'busy' }),
      EVENTS['run-done'],
      'stopped up/clear disposed:',
    ],
  ] as const)('%s', (_what, slot, event, expected) => {
    expect(show(transition(slot, event))).toBe(expected);
  });
});

describe('transition: the data each step carries', () => {
  const effect = <K extends LifecycleEffect['kind']>(result: Transition, kind: K) =>
    result.effects.find((e): e is Extract<LifecycleEffect, { kind: K }> => e.kind === kind);

  it('a stop gives the grace period, a second one SIGKILL now', () => {
    const stopping = transition(slotIn('ready'), { kind: 'stop', at: 1000 });
    expect(stopping.slot.state).toEqual({ kind: 'stopping', pid: 42, since: 1000, deadline: 6000, escalated: false });
    const killing = transition(stopping.slot, { kind: 'stop', at: 1500 });
    expect(killing.slot.state).toEqual({ kind: 'stopping', pid: 42, since: 1000, deadline: 1500, escalated: true });
  });

  it('spawned: a new epoch, the start window scheduled in it, the run counted, old escapes forgotten', () => {
    const result = transition(slotIn('idle', { desired: 'up', starts: 2, escaped: [9] }), EVENTS.spawned);
    expect(result.slot).toMatchObject({
      epoch: E + 1,
      starts: 3,
      escaped: [],
      state: { kind: 'starting', pid: 43, since: 1000 },
    });
    expect(effect(result, 'schedule')).toEqual({ kind: 'schedule', epoch: E + 1, delayMs: 1000 });
  });

  it('an exit under restart backs off in a new epoch and records the crash of this run', () => {
    const result = transition(slotIn('ready', { starts: 3, failures: 1 }), EVENTS.exited);
    expect(result.slot).toMatchObject({
      epoch: E + 1,
      failures: 2,
      state: { kind: 'backoff', until: 3000, attempt: 2, exit: crash },
    });
    expect(effect(result, 'schedule')).toEqual({ kind: 'schedule', epoch: E + 1, delayMs: 2000 });
    expect(effect(result, 'record-crash')).toEqual({ kind: 'record-crash', exit: crash, uptimeMs: 5000, run: 3 });
  });

  it('a clean exit is no crash; under stop-all it asks for the formation to stop, after publishing', () => {
    const exit: ExitStatus = { kind: 'code', code: 0 };
    const slot = slotIn('ready', { rules: { ...rules, policy: 'stop-all' } });
    const result = transition(slot, { kind: 'exited', exit, uptimeMs: 2500.4, at: 1000 });
    expect(result.slot.state).toEqual({ kind: 'exited', at: 1000, exit, uptimeMs: 2500 });
    expect(result.slot.desired).toBe('down');
    expect(result.effects).toEqual([{ kind: 'cancel-timer' }, { kind: 'publish' }, { kind: 'stop-all', exit }]);
  });

  it('"command not found" right after the start fails for good, whatever the policy', () => {
    const result = transition(slotIn('starting'), {
      kind: 'exited',
      exit: { kind: 'code', code: 127 },
      uptimeMs: 30,
      at: 1000,
    });
    expect(result.slot.state).toMatchObject({ kind: 'failed', reason: 'command not found (exit 127)' });
    expect(result.slot.desired).toBe('down');
    expect(effect(result, 'notice')).toEqual({
      kind: 'notice',
      level: 'error',
      message: 'web.1 could not start: command not found (exit 127)',
    });
  });

  it('a working directory that cannot be used fails the start and says why', () => {
    const problem = 'working directory /nope does not exist (ENOENT)';
    const result = transition(slotIn('idle', { desired: 'up' }), {
      kind: 'directory-checked',
      epoch: E,
      problem,
      at: 1000,
    });
    expect(result.slot.state).toEqual({ kind: 'failed', at: 1000, reason: problem, exit: null });
    expect(result.effects).toEqual([{ kind: 'publish' }, { kind: 'notice', level: 'error', message: problem }]);
  });

  it('a start resets the failure streak, except in backoff (the streak goes on)', () => {
    expect(transition(slotIn('crash-loop', { failures: 6 }), EVENTS.start).slot.failures).toBe(0);
    expect(transition(slotIn('backoff', { failures: 3 }), EVENTS.start).slot.failures).toBe(3);
  });

  it('escapes are kept, said and published; leftovers are said with the drain time', () => {
    const stopped = transition(slotIn('stopping'), { kind: 'stopped', exit: null, escaped: [7, 8], at: 1000 });
    expect(stopped.slot.escaped).toEqual([7, 8]);
    expect(stopped.effects).toEqual([
      { kind: 'publish' },
      { kind: 'notice', level: 'warning', message: 'web.1: 2 descendant process(es) survived SIGKILL: pid 7, 8' },
      { kind: 'publish' },
    ]);
    const leftovers = transition(slotIn('crashed'), { kind: 'leftovers', signalled: 0, escaped: [] });
    expect(leftovers.effects).toEqual([]);
    expect(effect(transition(slotIn('crashed'), EVENTS.leftovers), 'notice')?.message).toBe(
      'web.1 exited but left 2 process(es) running; stopped them after 500 ms',
    );
  });

  it('configure changes the rules for what comes next: the next stop uses the new grace period', () => {
    const configured = transition(slotIn('ready'), EVENTS.configure).slot;
    expect(transition(configured, { kind: 'stop', at: 1000 }).slot.state).toMatchObject({ deadline: 1100 });
  });
});

describe('transition: a whole life', () => {
  /** A timer event of epoch DUE is the one last scheduled, firing. */
  const DUE = -1;
  const due: LifecycleEvent = { kind: 'timer', epoch: DUE, at: 0 };

  /** Plays events through the machine, answering `check-directory` and `spawn` as the interpreter would. */
  function play(events: readonly LifecycleEvent[]): { slot: Slot; log: string[]; backoffMs: number[] } {
    let slot = initialSlot('web.1', rules);
    const log: string[] = [];
    const queue = [...events];
    let pid = 100;
    let scheduled = Number.NaN;
    const backoffMs: number[] = [];
    while (queue.length > 0) {
      const next = queue.shift() as LifecycleEvent;
      const event: LifecycleEvent =
        next.kind === 'timer' && next.epoch === DUE ? { kind: 'timer', epoch: scheduled, at: next.at } : next;
      const result = transition(slot, event);
      slot = result.slot;
      log.push(`${event.kind} → ${show(result)}`);
      for (const effect of result.effects) {
        if (effect.kind === 'check-directory')
          queue.unshift({ kind: 'directory-checked', epoch: effect.epoch, problem: null, at: 0 });
        if (effect.kind === 'spawn') queue.unshift({ kind: 'spawned', pid: ++pid, since: 0 });
        if (effect.kind === 'schedule') scheduled = effect.epoch;
        if (effect.kind === 'schedule' && event.kind === 'exited') backoffMs.push(effect.delayMs);
      }
    }
    return { slot, log, backoffMs };
  }

  it('crashes five times under restart with growing backoff, then crash-loops; a start begins a new streak', () => {
    const crashOnce: LifecycleEvent[] = [
      { kind: 'exited', exit: crash, uptimeMs: 10, at: 0 },
      { kind: 'leftovers', signalled: 0, escaped: [] },
      { kind: 'run-done' },
    ];
    const events: LifecycleEvent[] = [{ kind: 'start' }];
    for (let crashes = 0; crashes < 5; crashes++) events.push(...crashOnce, due);
    events.push(...crashOnce);
    const { slot, log, backoffMs } = play(events);
    expect(backoffMs).toEqual([1000, 2000, 4000, 8000, 16000]);
    expect(slot.state).toMatchObject({ kind: 'crash-loop', failures: 6 });
    expect(slot.starts).toBe(6);
    expect(log.filter((line) => line.startsWith('spawned'))).toHaveLength(6);
    expect(play([...events, { kind: 'start' }]).slot).toMatchObject({
      failures: 0,
      starts: 7,
      state: { kind: 'starting', pid: 107 },
    });
  });

  it('a restart never spawns before the old tree is gone', () => {
    const { log } = play([
      { kind: 'start' },
      due,
      { kind: 'restart', at: 0 },
      { kind: 'stopped', exit: { kind: 'signal', signal: 'SIGTERM' }, escaped: [], at: 0 },
      { kind: 'run-done' },
    ]);
    expect(log).toEqual([
      'start → idle up/clear: cancel-timer check-directory',
      'directory-checked → idle up/clear: spawn',
      'spawned → starting up/busy: publish schedule probe',
      'timer → ready up/busy: publish',
      'restart → stopping up/busy: cancel-timer publish stop-run',
      'stopped → stopped up/busy: publish',
      'run-done → stopped up/clear: check-directory',
      'directory-checked → stopped up/clear: spawn',
      'spawned → starting up/busy: publish schedule probe',
    ]);
  });
});

describe('transition: readiness and waiting', () => {
  const starting = (patch: Partial<Slot> = {}): Slot => slotIn('starting', patch);
  const notYet = EVENTS['probe-answer (not yet)'];

  it.each([
    [
      'the default rule: the start window ends first, so it is ready then',
      'probe-or-start-window',
      'ready up/busy: publish',
    ],
    ['a type another waits for: only its probe makes it ready', 'probe', 'starting up/busy:'],
  ] as const)('%s', (_, ready, expected) => {
    expect(show(transition(starting({ rules: { ...rules, ready } }), EVENTS.timer))).toBe(expected);
  });

  it('a type without a check is ready as soon as it is spawned, and is not probed', () => {
    const result = transition(slotIn('idle', { rules: { ...rules, ready: 'at-spawn' } }), EVENTS.spawned);
    expect(show(result)).toBe('ready down/busy: publish schedule');
  });

  it('ready carries when and why: the probe answer that passed', () => {
    const { slot } = transition(starting(), EVENTS['probe-answer (passed)']);
    expect(slot.state).toEqual({ kind: 'ready', pid: 42, since: 100, at: 1000, answer: 'listening on 5000' });
  });

  it('starting shows the probe’s last answer, published only when it changes', () => {
    const first = transition(starting(), notYet);
    expect(first.slot.state).toMatchObject({ kind: 'starting', answer: 'not listening on 5000 yet' });
    expect(show(transition(first.slot, notYet))).toBe('starting up/busy:');
  });

  it('says "not ready after N s" once, with the last answer, when the probe keeps failing', () => {
    const late = { ...notYet, at: 100 + 30_000 };
    const first = transition(starting(), late);
    expect(first.effects).toContainEqual({
      kind: 'notice',
      level: 'warning',
      message: 'web.1 not ready after 30 s: not listening on 5000 yet',
    });
    expect(transition(first.slot, { ...late, at: late.at + 1000 }).effects).toEqual([]);
  });

  it('a held instance spawns nothing on a directory check or a timer that was already on its way', () => {
    const held = transition(slotIn('idle', { desired: 'up' }), EVENTS.wait).slot;
    expect(show(transition(held, EVENTS['directory-checked']))).toBe('waiting up/clear:');
    expect(show(transition(held, EVENTS.timer))).toBe('waiting up/clear:');
  });

  it('a held instance whose last tree ends does not spawn: only `start` releases it', () => {
    const held = transition(slotIn('crashed'), EVENTS.wait).slot;
    const done = transition(held, EVENTS['run-done']);
    expect(show(done)).toBe('waiting up/clear:');
    expect(show(transition(done.slot, EVENTS.start))).toBe('waiting up/clear: cancel-timer check-directory');
  });

  it('held again for the same reason changes nothing; a new reason is published', () => {
    const held = transition(slotIn('idle'), EVENTS.wait).slot;
    expect(show(transition(held, { ...EVENTS.wait, at: 2000 }))).toBe('waiting up/clear:');
    const moved = transition(held, { ...EVENTS.wait, reason: 'not listening on 5100 yet' });
    expect(moved.slot.state).toMatchObject({ kind: 'waiting', since: 1000, reason: 'not listening on 5100 yet' });
  });
});
