/**
 * `path/to/file.js:42`, `/abs/file.ts:3:14` and `file:///…` references in a line of output,
 * for the terminal's and the crash panel's links. Pure; the host decides what may open
 * (only files inside the project: editor-target.ts), so a false match only costs a refusal.
 */

export interface FileReference {
  /** Where the reference starts and ends in the line (UTF-16 indexes, end exclusive). */
  readonly start: number;
  readonly end: number;
  /** The path or `file:` URL, without the `:line:column` suffix. */
  readonly path: string;
  readonly line: number | null;
  readonly column: number | null;
}

const SEGMENT = String.raw`[\w.@+-]+`;
/**
 * A `file:` URL (line optional), or a path whose last segment has an extension (a letter
 * first, so `1.2.3:4` is no file) and a line. Not
 * inside a word, a URL's host (`//example.com:443`) or another path; one line of output
 * is bounded by the terminal's width, and nothing here can backtrack more than linearly.
 */
const REFERENCE = new RegExp(
  String.raw`(?<![\w/:.@+-])(?:(file:\/\/\/[^\s:'"()<>\[\]]+)|((?:\.{1,2}\/|\/)?(?:${SEGMENT}\/)*[\w+-][\w.+-]*\.[A-Za-z][A-Za-z0-9]*))(?::(\d{1,7})(?::(\d{1,5}))?)?`,
  'g',
);

const MAX_LINE = 4096;

export function findFileReferences(text: string): FileReference[] {
  if (text.length > MAX_LINE) text = text.slice(0, MAX_LINE);
  const found: FileReference[] = [];
  for (const match of text.matchAll(REFERENCE)) {
    const [whole, url, path, line, column] = match;
    // A bare `name.ext` without a line is a word, not a reference; a file URL is one anyway.
    if (url === undefined && line === undefined) continue;
    const start = match.index;
    found.push({
      start,
      end: start + whole.length,
      path: (url ?? path) as string,
      line: line !== undefined ? Number(line) : null,
      column: column !== undefined ? Number(column) : null,
    });
  }
  return found;
}

/** The `editor.open` call's parameters for a reference. */
export function editorOpenParams(ref: FileReference): { path: string; line?: number; column?: number } {
  return {
    path: ref.path,
    ...(ref.line !== null ? { line: ref.line } : {}),
    ...(ref.column !== null ? { column: ref.column } : {}),
  };
}
