/**
 * Repeats a probe's attempts, one at a time, `intervalMs` apart, each limited to `timeoutMs`,
 * reporting every answer until one passes or the loop is stopped (the run ended, or left
 * `starting`). Never two attempts at once, never an attempt after `stop`.
 */
import type { Probe, ProbeAnswer } from './probe-types';

export interface ProbeLoopOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Each answer; the loop ends after the first that passed. */
  readonly answer: (answer: ProbeAnswer) => void;
}

export interface ProbeLoop {
  stop(): void;
}

export function startProbeLoop(probe: Probe, options: ProbeLoopOptions): ProbeLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let current: AbortController | null = null;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    if (timer) clearTimeout(timer);
    current?.abort();
    probe.close();
  };
  const attempt = async (): Promise<void> => {
    timer = null;
    if (stopped) return;
    const controller = new AbortController();
    current = controller;
    const limit = setTimeout(() => controller.abort(), options.timeoutMs);
    let result: ProbeAnswer;
    try {
      result = await probe.attempt(controller.signal);
    } catch (error) {
      result = { passed: false, answer: `the check failed: ${error instanceof Error ? error.message : String(error)}` };
    } finally {
      clearTimeout(limit);
      current = null;
    }
    if (stopped) return;
    options.answer(result);
    if (result.passed) stop();
    else if (!stopped) timer = setTimeout(() => void attempt(), options.intervalMs);
  };
  void attempt();
  return { stop };
}
