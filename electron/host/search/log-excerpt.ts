/**
 * A part of a full log around a byte offset, from the start of a line: what "open" shows
 * for a search match that has left the terminal's scrollback.
 *
 * Read asynchronously and bounded (`maxBytes`), so a huge log costs one small read. The
 * excerpt begins a little before `offset` (some lines of context) at a line start, and
 * ends at the last whole line it holds, so it never begins or ends inside a character.
 */
import { open } from 'node:fs/promises';
import type { LogExcerpt } from '../../../shared/contract';

/** How much of the excerpt lies before the offset asked for. */
const CONTEXT_DIVISOR = 8;

export async function readLogExcerpt(path: string, offset: number, maxBytes: number): Promise<LogExcerpt> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const from = Math.max(0, Math.min(offset, size) - Math.floor(maxBytes / CONTEXT_DIVISOR));
    const buffer = Buffer.allocUnsafe(Math.min(maxBytes, size - from));
    const { bytesRead } = await file.read(buffer, 0, buffer.length, from);
    let bytes = buffer.subarray(0, bytesRead);
    // Start after the first `\n` before `offset` (unless at the log's start or right at `offset`).
    let start = 0;
    if (from > 0 && from < offset) {
      const nl = bytes.indexOf(10);
      start = nl >= 0 && nl < offset - from ? nl + 1 : offset - from;
    }
    bytes = bytes.subarray(start);
    // End after the last whole line, unless the excerpt reaches the end of the log.
    if (from + start + bytes.length < size) {
      const last = bytes.lastIndexOf(10);
      if (last >= 0) bytes = bytes.subarray(0, last + 1);
    }
    return { text: bytes.toString('utf8'), start: from + start, end: from + start + bytes.length, size };
  } finally {
    await file.close();
  }
}
