/**
 * Quoting for supervisord's config (Debian's supervisor 4.2). Pure.
 *
 * Its ini parser ends a value at `;` or `#` after whitespace (inline comments) and joins
 * indented lines; it then expands `%(name)s` in every value, so `%` is `%%`.
 * `command=` is split with Python's `shlex.split` (POSIX rules); `environment=` with a
 * non-POSIX shlex that knows no escapes and strips every quote character from both ends
 * of a value. What `environment=` cannot carry goes through an environment file.
 *
 * Before any of that, supervisord replaces the text `%(here)s` in every value with the
 * conf's folder, even after a `%%`: that text cannot be written at all, only sourced.
 */

export const HERE = '%(here)s';

/** `%` → `%%`. */
export function escapePercent(text: string): string {
  return text.replaceAll('%', '%%');
}

/**
 * One shell word in single quotes for `command=`: `'` as `'\''`, and `;` `#` outside the
 * quotes as `\;` `\#` so the ini parser never sees an inline comment.
 */
export function commandWord(word: string): string {
  const body = word.replace(/['#;]/g, (ch) => (ch === "'" ? `'\\''` : `'\\${ch}'`));
  return escapePercent(`'${body}'`);
}

/**
 * The start of `command=` that sources the environment file beside the conf: `%(here)s`
 * is left for supervisord to expand, and `;` is kept from the ini parser as above.
 */
export function sourceWord(file: string): string {
  return `'. "${HERE}/${file}"'\\;' '`;
}

const INLINE_KEY = /^[A-Za-z0-9_./+\-():]+$/;

/**
 * `KEY="value"` (or single quotes) for `environment=`, or null when supervisord would
 * alter it: both quote kinds, a quote at either end, a line break, or whitespace before
 * `;`/`#` (the ini parser would cut the line there).
 */
export function inlineAssignment(key: string, value: string): string | null {
  if (!INLINE_KEY.test(key)) return null;
  if (/[\n\r\0]/.test(value) || /\s[;#]/.test(value) || value.includes(HERE)) return null;
  if (/^['"]|['"]$/.test(value)) return null;
  const quote = !value.includes('"') ? '"' : !value.includes("'") ? "'" : null;
  if (quote === null) return null;
  return escapePercent(`${key}=${quote}${value}${quote}`);
}

const SHELL_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One line of the environment file the command sources: `export KEY='value'`; null for a key a shell cannot set. */
export function shellExport(key: string, value: string): string | null {
  if (!SHELL_NAME.test(key)) return null;
  return `export ${key}='${value.replaceAll("'", `'\\''`)}'`;
}
