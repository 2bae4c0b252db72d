/**
 * Words for what happens to instances, shared by the CLI's commands.
 */
import { constants } from 'node:os';
import { describeReadiness } from '../../shared/instance-state';
import { assertNever, describeExit, type Diagnostic, type ExitStatus, type InstanceSnapshot } from '../../shared/model';

export function formatDiagnostic(d: Diagnostic, cwdRelative: (path: string) => string): string {
  const column = d.column !== undefined && d.line > 0 ? `:${d.column}` : '';
  const where = d.line > 0 ? `${cwdRelative(d.file)}:${d.line}${column}` : cwdRelative(d.file);
  return `${where}: ${d.severity}: ${d.message}`;
}

/** The exit code a shell would report for this exit: the code, or 128 + the signal number. */
export function shellExitCode(exit: ExitStatus): number {
  if (exit.kind === 'code') return exit.code;
  const number = (constants.signals as Record<string, number | undefined>)[exit.signal];
  return 128 + (number ?? 0);
}

function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms / 1000)}s`;
}

/** One line about an instance's new state, or null when the change is not worth a line. */
export function describeState(instance: InstanceSnapshot): string | null {
  const { id, state } = instance;
  switch (state.kind) {
    case 'idle':
      return null;
    case 'waiting':
      return `${id} waiting for ${state.for.join(', ') || 'its dependencies'} (${state.reason})`;
    case 'ready':
      return `${id} ${describeReadiness(state)}`;
    case 'starting':
      return `${id} started with pid ${state.pid} (PORT=${instance.port})`;
    case 'stopping':
      return state.escalated ? `${id}: sending SIGKILL` : null;
    case 'stopped':
      return `${id} stopped${state.exit ? ` (${describeExit(state.exit)})` : ''}`;
    case 'exited':
      return `${id} exited with ${describeExit(state.exit)} after ${seconds(state.uptimeMs)}`;
    case 'crashed':
      return `${id} crashed: ${state.exit.kind === 'code' ? `exit code ${state.exit.code}` : `killed by ${state.exit.signal}`} after ${seconds(state.uptimeMs)}`;
    case 'backoff':
      return `${id} exited with ${describeExit(state.exit)}; restarting in ${seconds(state.until - Date.now())} (attempt ${state.attempt})`;
    case 'crash-loop':
      return `${id} is crash-looping (${state.failures} failed starts in a row); not restarting`;
    case 'failed':
      return `${id} could not start: ${state.reason}`;
    default:
      return assertNever(state, 'instance state');
  }
}
