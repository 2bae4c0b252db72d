/**
 * Output bytes as a person reads them later (a crash's last lines): decoded, each line by
 * the shared line rules without colours. Pure.
 */
import { readableLine } from '../../../shared/line-rules';

/** The last `count` non-empty lines of `bytes`, decoded leniently (bad bytes become U+FFFD). */
export function lastLines(bytes: Uint8Array, count: number): string[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const lines = text.split('\n').map((line) => readableLine(line, 'drop-colours').trimEnd());
  return lines.filter((line) => line !== '').slice(-count);
}
