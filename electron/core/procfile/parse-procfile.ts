/**
 * Procfile parsing: Foreman's grammar, with every line accounted for.
 *
 * An entry is `name: command` with a name of ASCII letters, digits, `_` and `-`
 * (Foreman's `^([A-Za-z0-9_-]+):\s*(.+)$`). Blank lines and `#` comments are ignored.
 * Where Foreman silently skips a line we return a warning naming it, and a duplicate
 * name is an error naming both lines. Pure: no I/O.
 */
import type { Diagnostic } from '../../../shared/model';

export interface ProcessTypeDef {
  readonly name: string;
  readonly command: string;
  /** 1-based line in the Procfile. */
  readonly line: number;
}

export interface ParsedProcfile {
  /** In Procfile order; that order fixes the port blocks. */
  readonly types: readonly ProcessTypeDef[];
  readonly diagnostics: readonly Diagnostic[];
  /**
   * The file does not end with a line break: it may be half-written. A live reload
   * waits a moment for the rest before applying it.
   */
  readonly unfinished: boolean;
}

const ENTRY = /^([A-Za-z0-9_-]+):\s*(.+)$/;
const NAME_CHARS = /^[A-Za-z0-9_-]+$/;
/** Heroku and dokku reject longer process type names. */
const PORTABLE_NAME_LENGTH = 63;

export function parseProcfile(text: string, file: string): ParsedProcfile {
  const types: ProcessTypeDef[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, number>();
  const seenFolded = new Map<string, { name: string; line: number }>();
  const warn = (line: number, message: string) => diagnostics.push({ severity: 'warning', file, line, message });
  const fail = (line: number, message: string) => diagnostics.push({ severity: 'error', file, line, message });

  const lines = stripBom(text).split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    if (raw.includes('\0')) {
      warn(lineNo, 'line contains a NUL byte and was ignored');
      return;
    }
    const entry = ENTRY.exec(raw);
    if (!entry) {
      warn(lineNo, explainNonEntry(raw));
      return;
    }
    const name = entry[1] as string;
    const command = entry[2] as string;
    if (command.trim() === '') {
      warn(lineNo, `process type '${name}' has no command; line ignored`);
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      fail(lineNo, `duplicate process type '${name}' (first defined on line ${first}); names must be unique`);
      return;
    }
    const folded = seenFolded.get(name.toLowerCase());
    if (folded) {
      warn(lineNo, `process type '${name}' differs only in case from '${folded.name}' on line ${folded.line}`);
    }
    if (name.length > PORTABLE_NAME_LENGTH) {
      warn(
        lineNo,
        `process type '${name.slice(0, 20)}…' is longer than ${PORTABLE_NAME_LENGTH} characters (Heroku and dokku reject it)`,
      );
    }
    seen.set(name, lineNo);
    seenFolded.set(name.toLowerCase(), { name, line: lineNo });
    types.push({ name, command, line: lineNo });
  });

  if (types.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    fail(0, 'no process types defined (expected lines like "web: npm start")');
  }
  return { types, diagnostics, unfinished: text !== '' && !/[\r\n]$/.test(text) };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Says why a non-blank, non-comment line is not an entry, in the user's terms. */
function explainNonEntry(raw: string): string {
  if (/^\s/.test(raw)) return 'indented line ignored (a Procfile entry starts at the beginning of the line)';
  const colon = raw.indexOf(':');
  if (colon < 0) return 'not a "name: command" entry (no colon); line ignored';
  const name = raw.slice(0, colon);
  if (name === '') return 'line starts with a colon: the process type name is missing; line ignored';
  if (!NAME_CHARS.test(name)) {
    const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
    return `'${shown}' is not a valid process type name (use letters, digits, '_' and '-'); line ignored`;
  }
  return `process type '${name}' has no command; line ignored`;
}
