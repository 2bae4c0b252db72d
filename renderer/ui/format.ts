/**
 * Words and numbers for people: durations, clock times, and each instance state as the
 * rows show it. Pure, so every state variant is table-tested.
 */
import { assertNever, describeExit, type ExitStatus, type InstanceState } from '../../shared/model';

/** `0.3 s`, `12 s`, `3 min 4 s`, `2 h 5 min`. */
export function formatDuration(ms: number): string {
  const safe = Math.max(0, ms);
  if (safe < 10_000) return `${(Math.floor(safe / 100) / 10).toFixed(1)} s`;
  const s = Math.floor(safe / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Whole seconds left until `at`, never negative. */
export function secondsUntil(at: number, now: number): number {
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** `14:03:27`, local time. */
export function formatClock(at: number): string {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

export type StateTone = 'idle' | 'busy' | 'ok' | 'ended' | 'bad';

export interface StateView {
  /** The state word the row shows (and tests read): `running`, `crashed`, … */
  readonly label: string;
  /** More, when the state has more to say: a countdown, a reason. */
  readonly detail: string | null;
  readonly tone: StateTone;
  readonly icon: string;
}

export function describeState(state: InstanceState, now: number): StateView {
  switch (state.kind) {
    case 'idle':
      return { label: 'idle', detail: null, tone: 'idle', icon: '○' };
    case 'waiting':
      return { label: 'waiting', detail: state.reason, tone: 'busy', icon: '◌' };
    case 'starting':
      return { label: 'starting', detail: state.answer ?? null, tone: 'busy', icon: '◔' };
    case 'ready':
      return { label: 'ready', detail: null, tone: 'ok', icon: '●' };
    case 'stopping':
      return {
        label: 'stopping',
        detail: state.escalated ? 'SIGKILL sent' : `SIGKILL in ${secondsUntil(state.deadline, now)} s`,
        tone: 'busy',
        icon: '◑',
      };
    case 'stopped':
      return { label: 'stopped', detail: null, tone: 'idle', icon: '■' };
    case 'exited':
      return { label: 'exited', detail: null, tone: 'ended', icon: '✓' };
    case 'crashed':
      return { label: 'crashed', detail: null, tone: 'bad', icon: '✖' };
    case 'backoff':
      return {
        label: 'backing off',
        detail: `restart in ${secondsUntil(state.until, now)} s (attempt ${state.attempt})`,
        tone: 'bad',
        icon: '↻',
      };
    case 'crash-loop':
      return { label: 'crash loop', detail: `${state.failures} failed starts; not restarting`, tone: 'bad', icon: '⟳' };
    case 'failed':
      return { label: 'failed', detail: state.reason, tone: 'bad', icon: '⚠' };
    default:
      return assertNever(state, 'instance state');
  }
}

export function exitText(exit: ExitStatus | null): string {
  return exit ? describeExit(exit) : '—';
}
