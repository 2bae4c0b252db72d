/**
 * Every question about an instance's state, answered once.
 *
 * The rows, the tab title, the dock badge, crash notifications, the quit dialog and
 * `procdeck start` all ask these; before they had one home they disagreed (the tab title
 * counted an instance in backoff as crashed, the dock badge did not). `TRAITS` is a table
 * keyed by every state kind, so a new kind does not compile until each question has an
 * answer for it.
 */
import {
  assertNever,
  type ExitStatus,
  type InstanceSnapshot,
  type InstanceState,
  type InstanceStateKind,
} from './model';

/** How the summary line counts a state. */
export type SummaryBucket = 'running' | 'changing' | 'crashed' | 'failed' | 'stopped';

interface StateTraits {
  /** A process of the instance may be alive (closing it needs a stop). */
  readonly live: boolean;
  /** Ended badly and the user should look: red rows, the tab title, the dock badge. */
  readonly trouble: boolean;
  /** Stop does something: a process to signal, or a restart to cancel. */
  readonly stoppable: boolean;
  /** Keystrokes typed in its terminal reach a process. */
  readonly takesInput: boolean;
  /** Its row changes with time (uptime, a countdown). */
  readonly ticks: boolean;
  /** Up, or coming back up by itself: a formation change restarts it. */
  readonly up: boolean;
  /** Nothing more happens on its own: no process, no restart pending, started before. */
  readonly settled: boolean;
  readonly bucket: SummaryBucket;
}

const TRAITS: { readonly [K in InstanceStateKind]: StateTraits } = {
  idle: {
    live: false,
    trouble: false,
    stoppable: false,
    takesInput: false,
    ticks: false,
    up: false,
    settled: false,
    bucket: 'stopped',
  },
  waiting: {
    live: false,
    trouble: false,
    stoppable: true,
    takesInput: false,
    ticks: true,
    up: true,
    settled: false,
    bucket: 'changing',
  },
  starting: {
    live: true,
    trouble: false,
    stoppable: true,
    takesInput: true,
    ticks: true,
    up: true,
    settled: false,
    bucket: 'changing',
  },
  ready: {
    live: true,
    trouble: false,
    stoppable: true,
    takesInput: true,
    ticks: true,
    up: true,
    settled: false,
    bucket: 'running',
  },
  stopping: {
    live: true,
    trouble: false,
    stoppable: true,
    takesInput: false,
    ticks: true,
    up: false,
    settled: false,
    bucket: 'changing',
  },
  stopped: {
    live: false,
    trouble: false,
    stoppable: false,
    takesInput: false,
    ticks: false,
    up: false,
    settled: true,
    bucket: 'stopped',
  },
  exited: {
    live: false,
    trouble: false,
    stoppable: false,
    takesInput: false,
    ticks: false,
    up: false,
    settled: true,
    bucket: 'stopped',
  },
  crashed: {
    live: false,
    trouble: true,
    stoppable: false,
    takesInput: false,
    ticks: false,
    up: false,
    settled: true,
    bucket: 'crashed',
  },
  backoff: {
    live: false,
    trouble: true,
    stoppable: true,
    takesInput: false,
    ticks: true,
    up: true,
    settled: false,
    bucket: 'crashed',
  },
  'crash-loop': {
    live: false,
    trouble: true,
    stoppable: false,
    takesInput: false,
    ticks: false,
    up: false,
    settled: true,
    bucket: 'crashed',
  },
  failed: {
    live: false,
    trouble: true,
    stoppable: false,
    takesInput: false,
    ticks: false,
    up: false,
    settled: true,
    bucket: 'failed',
  },
};

/** True while a process of the instance may be alive. */
export function isLive(state: InstanceState): boolean {
  return TRAITS[state.kind].live;
}

/** A crash the user should look at: crashed, backing off after one, in a crash loop, or failed to start. */
export function isTrouble(state: InstanceState): boolean {
  return TRAITS[state.kind].trouble;
}

/** The Stop control does something. */
export function isStoppable(state: InstanceState): boolean {
  return TRAITS[state.kind].stoppable;
}

/** Typed keys reach a process (a stopping one is on its way out). */
export function takesInput(state: InstanceState): boolean {
  return TRAITS[state.kind].takesInput;
}

/** The row shows something that changes with time. */
export function ticks(state: InstanceState): boolean {
  return TRAITS[state.kind].ticks;
}

/** Up, or coming back up by itself (a restart pending): a new configuration restarts it. */
export function isUp(state: InstanceState): boolean {
  return TRAITS[state.kind].up;
}

/** Nothing more will happen to it unless asked: `procdeck start` ends when every instance is so. */
export function isSettled(state: InstanceState): boolean {
  return TRAITS[state.kind].settled;
}

export function summaryBucket(state: InstanceState): SummaryBucket {
  return TRAITS[state.kind].bucket;
}

/** Found ready: its readiness check passed (or its start window ended, for a type nobody waits for). */
export function isReady(state: InstanceState): boolean {
  return state.kind === 'ready';
}

/** `ready after 1.4 s (listening on 5100)`: how long its check took to pass and what it said (the CLI's line, the row's badge). */
export function describeReadiness(state: Extract<InstanceState, { kind: 'ready' }>): string {
  return `ready after ${((state.at - state.since) / 1000).toFixed(1)} s${state.answer ? ` (${state.answer})` : ''}`;
}

/** The pid of its process, while it has one. */
export function pidOf(state: InstanceState): number | null {
  switch (state.kind) {
    case 'starting':
    case 'ready':
    case 'stopping':
      return state.pid;
    case 'idle':
    case 'waiting':
    case 'stopped':
    case 'exited':
    case 'crashed':
    case 'backoff':
    case 'crash-loop':
    case 'failed':
      return null;
    default:
      return assertNever(state, 'instance state');
  }
}

/** The last exit the state knows of. */
export function lastExit(state: InstanceState): ExitStatus | null {
  switch (state.kind) {
    case 'idle':
    case 'waiting':
    case 'starting':
    case 'ready':
    case 'stopping':
      return null;
    case 'stopped':
    case 'failed':
    case 'exited':
    case 'crashed':
    case 'backoff':
    case 'crash-loop':
      return state.exit;
    default:
      return assertNever(state, 'instance state');
  }
}

/** How long it has been up (live), or how long its last run lasted (ended); null if neither. */
export function uptimeOf(state: InstanceState, now: number): number | null {
  switch (state.kind) {
    case 'starting':
    case 'ready':
    case 'stopping':
      return now - state.since;
    case 'exited':
    case 'crashed':
      return state.uptimeMs;
    case 'idle':
    case 'waiting':
    case 'stopped':
    case 'backoff':
    case 'crash-loop':
    case 'failed':
      return null;
    default:
      return assertNever(state, 'instance state');
  }
}

/**
 * The exit that makes `procdeck start` fail, when the instance ended so: a crash's exit, or
 * a failed start's (null exit: it never ran). Null for every other state.
 */
export function failureExit(state: InstanceState): ExitStatus | 'no-exit' | null {
  switch (state.kind) {
    case 'crashed':
      return state.exit;
    case 'failed':
      return state.exit ?? 'no-exit';
    case 'idle':
    case 'waiting':
    case 'starting':
    case 'ready':
    case 'stopping':
    case 'stopped':
    case 'exited':
    case 'backoff':
    case 'crash-loop':
      return null;
    default:
      return assertNever(state, 'instance state');
  }
}

export interface Summary {
  readonly running: number;
  /** Starting or stopping. */
  readonly starting: number;
  /** Crashed, backing off or in a crash loop. */
  readonly crashed: number;
  readonly failed: number;
  readonly stopped: number;
  /** Instances in trouble (`isTrouble`): what the tab title and the dock badge count. */
  readonly trouble: number;
  /** Instances that may still have a process (`isLive`): what closing or quitting must stop. */
  readonly live: number;
  readonly total: number;
}

export function summarize(instances: Iterable<Pick<InstanceSnapshot, 'state'>>): Summary {
  const count = { running: 0, changing: 0, crashed: 0, failed: 0, stopped: 0 };
  let trouble = 0;
  let live = 0;
  let total = 0;
  for (const { state } of instances) {
    total++;
    count[summaryBucket(state)]++;
    if (isTrouble(state)) trouble++;
    if (isLive(state)) live++;
  }
  return {
    running: count.running,
    starting: count.changing,
    crashed: count.crashed,
    failed: count.failed,
    stopped: count.stopped,
    trouble,
    live,
    total,
  };
}
