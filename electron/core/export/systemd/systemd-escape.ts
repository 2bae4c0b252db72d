/**
 * Quoting for systemd unit files (systemd.syntax(7), systemd.service(7)). Pure.
 *
 * systemd resolves `%` specifiers in nearly every setting, so a literal `%` is `%%`;
 * it substitutes `$VAR` only in command lines (`ExecStart=`), where a literal `$` is `$$`.
 * Inside double quotes it reads C escapes, so `\` and `"` are escaped and control
 * characters spelled out; everything else (UTF-8 included) goes through as it is.
 */

/** A C-style escaped body for a double-quoted word. */
function cQuoted(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

/** `%` → `%%`: for every setting systemd resolves specifiers in. */
export function escapeSpecifiers(text: string): string {
  return text.replaceAll('%', '%%');
}

/** One `Environment=` word: `"KEY=value"`, arriving in the process unchanged. */
export function environmentWord(key: string, value: string): string {
  return `"${cQuoted(escapeSpecifiers(`${key}=${value}`))}"`;
}

/** One command-line word for `ExecStart=`: quoted, with `%` and `$` escaped. */
export function commandWord(word: string): string {
  return `"${cQuoted(escapeSpecifiers(word).replaceAll('$', '$$$$'))}"`;
}
