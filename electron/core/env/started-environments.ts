/**
 * The environment each recent run of one instance really started with, by run number, so
 * the environment view and the crash panel show a run's own variables, not today's.
 *
 * Bounded: the last `limit` runs (the crash history's length and the run in progress).
 */
import type { EnvValues } from './parse-env';

export interface StartedEnvironment {
  readonly run: number;
  readonly startedAt: number;
  readonly env: EnvValues;
}

export class StartedEnvironments {
  private readonly runs: StartedEnvironment[] = [];

  constructor(private readonly limit: number) {}

  record(started: StartedEnvironment): void {
    this.runs.push(started);
    if (this.runs.length > this.limit) this.runs.splice(0, this.runs.length - this.limit);
  }

  /** One run's environment; without a number, the latest run's. Null when never started or long gone. */
  of(run?: number): StartedEnvironment | null {
    if (run === undefined) return this.runs.at(-1) ?? null;
    return this.runs.find((r) => r.run === run) ?? null;
  }
}
