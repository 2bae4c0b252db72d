/**
 * Ready when a line the instance printed since this start matches a regular expression.
 *
 * Each attempt reads only what arrived since the last one (the ring, from the offset it
 * reached), decodes UTF-8 across chunk boundaries, drops terminal control sequences, and
 * tests every complete line and the line still being written (a prompt without newline).
 */
import type { OutputText, Probe, ProbeAnswer } from './probe-types';

/** The unfinished line kept between attempts, at most this long (a flood without newlines). */
const MAX_CARRY = 64 * 1024;
const CONTROL = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\r/g;

export function logProbe(pattern: string, output: OutputText): Probe {
  const regex = new RegExp(pattern);
  const decoder = new TextDecoder();
  let from = output.start;
  let carry = '';
  let matched: string | null = null;
  return {
    attempt(): Promise<ProbeAnswer> {
      if (matched === null) {
        const { bytes, end } = output.read(from);
        from = end;
        const lines = (carry + decoder.decode(bytes, { stream: true })).split('\n');
        carry = (lines.pop() ?? '').slice(-MAX_CARRY);
        for (const line of [...lines, carry]) {
          const text = line.replace(CONTROL, '');
          if (regex.test(text)) {
            matched = text.length > 120 ? `${text.slice(0, 117)}...` : text;
            break;
          }
        }
      }
      return Promise.resolve(
        matched === null
          ? { passed: false, answer: `no line matching /${pattern}/ yet` }
          : { passed: true, answer: `printed "${matched}"` },
      );
    },
    close(): void {},
  };
}
