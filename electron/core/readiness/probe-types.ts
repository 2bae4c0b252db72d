/**
 * What every readiness probe is and may look at (probe.ts picks one; probe-loop.ts repeats it).
 */

export interface ProbeAnswer {
  readonly passed: boolean;
  /** In the words the CLI and the dashboard show: `listening on 5100`, `GET /healthz: 503`. */
  readonly answer: string;
}

export interface Probe {
  /** One attempt; `signal` aborts at the check's timeout. */
  attempt(signal: AbortSignal): Promise<ProbeAnswer>;
  /** Releases what the probe holds (an observer watch). */
  close(): void;
}

/** The run's output, addressed by the ring's absolute offsets. */
export interface OutputText {
  /** Where this run's output begins. */
  readonly start: number;
  /** The bytes held from `from` on, and the offset one past them. */
  read(from: number): { readonly bytes: Uint8Array; readonly end: number };
}

/** What a probe may look at: the run it probes. */
export interface ProbeTarget {
  readonly pid: number;
  readonly port: number;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** The run's output since it started. */
  readonly output: OutputText;
}
