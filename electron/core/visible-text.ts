/**
 * Text from a project file made safe to print on a terminal: every control character
 * becomes a visible escape, so a repository cannot hide its real command behind
 * terminal sequences (`\x1b[2K` erasing the line, `\r` writing over it, `\x1b]…` OSC
 * titles and links) or reorder it with bidirectional overrides (U+202E, "Trojan Source").
 *
 * For showing a project's own text (Procfile commands, names, paths, diagnostics); never
 * for a process's output, which is the terminal's to interpret.
 */

/** C0 and DEL, C1, line and paragraph separators, and the bidirectional formatting characters. */
const HIDDEN = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r', '\u001b': '\\e' };

export function visibleText(text: string): string {
  return text.replace(HIDDEN, (c) => {
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
