/**
 * dotenv's `parse`, exactly (dotenv 17.4.2, pinned), in time linear in the input.
 *
 * dotenv finds its entries with one global multi-line regex (`LINE` below, copied
 * verbatim; a test compares it with the installed package's source). Each attempt starts
 * at a line start with `\s*`, which also crosses line breaks, so after a run of k blank
 * lines that ends in something that is no entry (a comment, say), the engine retries the
 * same doomed match from each of the k line starts: k² steps (8,000 blank lines between
 * two comments took 0.3 s here, 80,000 took 28 s).
 *
 * The attempts from every line start inside one run of whitespace are the same attempt:
 * `\s*` runs to the run's end either way, and no shorter run can be followed by a name.
 * So this driver makes the same attempts as the regex engine would, with the regex made
 * sticky, except that after a failed attempt at whitespace it skips the rest of that
 * run. Everything else — the values, the quotes, the `\n` escapes, which entry wins — is
 * dotenv's own code, and a property test holds this parse equal to dotenv's on random
 * input.
 */

/** dotenv's `LINE`, verbatim (lib/main.js). */
export const DOTENV_LINE_SOURCE =
  '(?:^|^)\\s*(?:export\\s+)?([\\w.-]+)(?:\\s*=\\s*?|:\\s+?)(\\s*\'(?:\\\\\'|[^\'])*\'|\\s*"(?:\\\\"|[^"])*"|\\s*`(?:\\\\`|[^`])*`|[^#\\r\\n]+)?\\s*(?:#.*)?(?:$|$)';

const LINE = new RegExp(DOTENV_LINE_SOURCE, 'my');
const WHITESPACE_RUN = /\s*/y;
/** What ends a line for `^` in a multi-line JavaScript regex (\r is gone by then). */
const LINE_END = /[\n\u2028\u2029]/g;

export function parseDotenv(src: string): Record<string, string> {
  const obj: Record<string, string> = {};
  const lines = src.replace(/\r\n?/gm, '\n');
  let at = 0;
  while (at <= lines.length) {
    LINE.lastIndex = at;
    const match = LINE.exec(lines);
    if (match) {
      obj[match[1] as string] = dotenvValue(match[2]);
      at = lineStartFrom(lines, LINE.lastIndex);
      continue;
    }
    WHITESPACE_RUN.lastIndex = at;
    WHITESPACE_RUN.exec(lines);
    // A failed attempt at whitespace fails from every line start up to the run's end too.
    const runEnd = WHITESPACE_RUN.lastIndex;
    if (runEnd >= lines.length) break;
    at = lineStartFrom(lines, runEnd + 1);
  }
  return obj;
}

/** The first position at or after `from` where `^` matches; past the end when none. */
function lineStartFrom(text: string, from: number): number {
  if (from === 0 || from > text.length) return from;
  const before = text.charCodeAt(from - 1);
  if (before === 0x0a || before === 0x2028 || before === 0x2029) return from;
  LINE_END.lastIndex = from;
  const end = LINE_END.exec(text);
  return end ? end.index + 1 : text.length + 1;
}

/** dotenv's treatment of a matched value, verbatim. */
function dotenvValue(raw: string | undefined): string {
  let value = (raw || '').trim();
  const maybeQuote = value[0];
  value = value.replace(/^(['"`])([\s\S]*)\1$/gm, '$2');
  if (maybeQuote === '"') {
    value = value.replace(/\\n/g, '\n');
    value = value.replace(/\\r/g, '\r');
  }
  return value;
}
