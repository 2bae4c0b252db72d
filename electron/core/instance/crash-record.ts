/**
 * What is kept of a crash: exit, timing, command and the last readable lines it printed.
 */
import type { CrashRecord, ExitStatus, InstanceId } from '../../../shared/model';
import { concatChunks, type OutputRing } from '../output/output-ring';
import { lastLines } from '../output/readable-lines';

const TAIL_BYTES = 16 * 1024;
const LINES = 20;

export function crashRecord(options: {
  instance: InstanceId;
  ring: OutputRing;
  /** Where this run's output begins in the ring: earlier runs' lines are not this crash's. */
  outputStart: number;
  exit: ExitStatus;
  uptimeMs: number;
  command: string;
  run: number;
}): CrashRecord {
  const tail = concatChunks(options.ring.tail(TAIL_BYTES, options.outputStart));
  return {
    instance: options.instance,
    at: Date.now(),
    exit: options.exit,
    uptimeMs: Math.round(options.uptimeMs),
    command: options.command,
    lastLines: lastLines(tail, LINES),
    run: options.run,
  };
}
