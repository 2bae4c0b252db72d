/**
 * The marker lines a view shows where it does not show a stream's bytes: a hole (the host
 * skipped ahead for a slow view, the merged view was not showing the instance) or the
 * start of a stream the buffer no longer holds.
 */
import { assertNever } from '../../shared/model';
import { formatBytes } from './format-bytes';
import type { UnseenPart } from './unseen-part';

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

/** `… 812 KB skipped — open the full log`, the words an OSC 8 link to the log when there is one. */
export function holeNotice(skipped: number, logUrl: string | null): string {
  // An OSC 8 link: the visible words, with the URL (and its token) out of sight.
  const link = logUrl ? `\x1b]8;;${logUrl}\x07open the full log\x1b]8;;\x07` : 'the full log keeps every byte';
  return `${DIM}… ${formatBytes(skipped)} skipped — ${link}${RESET}`;
}

/** The marker line a view shows ahead of this part of a batch; '' when none. */
export function preludeOf(part: UnseenPart, logUrl: () => string | null): string {
  switch (part.kind) {
    case 'first':
      return part.before > 0
        ? `${DIM}… ${formatBytes(part.before)} of earlier output is no longer buffered${RESET}`
        : '';
    case 'next':
      return '';
    case 'after-hole':
      return holeNotice(part.skipped, logUrl());
    default:
      return assertNever(part);
  }
}
