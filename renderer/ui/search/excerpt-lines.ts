/**
 * An excerpt of a log as lines, each with its byte offset in the log, the line that
 * begins at `offset` (a search match's) marked.
 */
import type { LogExcerpt } from '../../../shared/contract';

export interface ExcerptLine {
  readonly offset: number;
  readonly text: string;
  readonly isMatch: boolean;
}

const encoder = new TextEncoder();

export function excerptLines(excerpt: LogExcerpt, offset: number): ExcerptLine[] {
  const parts = excerpt.text.split('\n');
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  let at = excerpt.start;
  return parts.map((text) => {
    const line = { offset: at, text, isMatch: at === offset };
    at += encoder.encode(text).byteLength + 1;
    return line;
  });
}
