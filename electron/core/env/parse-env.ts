/**
 * `.env` files in the dotenv dialect, expanded as dotenv-expand does, never run by a shell.
 *
 * Values come from dotenv's own grammar (its regex and value rules, driven in linear time:
 * dotenv-parse.ts) and the `dotenv-expand` package itself, so Procdeck reads a `.env`
 * exactly as Node projects do. What those packages lack is a word about the lines they
 * skip; `scanEnvLines` supplies it, with line numbers. Everything here is linear in the
 * input: no regex that can backtrack over a line more than a constant number of times.
 */
import { expand } from 'dotenv-expand';
import type { Diagnostic } from '../../../shared/model';
import { stripBom } from '../procfile/parse-procfile';
import { parseDotenv } from './dotenv-parse';

export type EnvValues = Readonly<Record<string, string>>;

export interface ParsedEnvFile {
  readonly values: EnvValues;
  /** Names whose value was single-quoted: literal, never expanded. */
  readonly literal: ReadonlySet<string>;
  readonly diagnostics: readonly Diagnostic[];
}

export function parseEnvText(text: string, file: string): ParsedEnvFile {
  const clean = stripBom(text);
  const { diagnostics, literal } = scanEnvLines(clean, file);
  return { values: parseDotenv(clean), literal, diagnostics };
}

/**
 * Expands `${VAR}` and `$VAR` in the merged file values, as dotenv-expand does, except
 * that single-quoted values stay literal (as in a shell, Ruby's dotenv and dotenvx:
 * `PASSWORD='pa$$word'` must not lose its dollars).
 *
 * As with dotenv, a variable already set in `processEnv` wins over the file's value and
 * is what references see. `processEnv` is copied, never written.
 */
export function expandEnv(
  fileValues: EnvValues,
  processEnv: EnvValues,
  literal: ReadonlySet<string> = new Set(),
): EnvValues {
  const parsed: Record<string, string> = {};
  const context: Record<string, string> = { ...processEnv };
  for (const [key, value] of Object.entries(fileValues)) {
    if (!literal.has(key)) parsed[key] = value;
    // Escaped, so dotenv-expand does not expand it again once substituted elsewhere.
    else if (!Object.hasOwn(processEnv, key)) context[key] = value.replace(/\$/g, '\\$');
  }
  expand({ parsed, processEnv: context });
  const out: Record<string, string> = {};
  for (const key of Object.keys(fileValues))
    out[key] = literal.has(key) ? (processEnv[key] ?? (fileValues[key] as string)) : (parsed[key] as string);
  return out;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([\w.-]+)(?:\s*=|:\s)(.*)$/;
const QUOTES = new Set(['"', "'", '`']);

/** One `NAME=value` entry: its 1-based first and last line (a quoted value may span lines). */
export interface EnvAssignment {
  readonly name: string;
  readonly line: number;
  readonly endLine: number;
}

/**
 * Warnings for the lines dotenv ignores or reads differently from how they look, the
 * names whose (last) value is single-quoted, and every assignment's lines in order (the
 * origins the environment view shows: env-definitions.ts).
 */
export function scanEnvLines(
  text: string,
  file: string,
): { diagnostics: Diagnostic[]; literal: Set<string>; assignments: EnvAssignment[] } {
  const diagnostics: Diagnostic[] = [];
  const literal = new Set<string>();
  const assignments: EnvAssignment[] = [];
  // Split on a string, not a regex: ten times faster on a million short lines.
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const lineNo = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const assignment = ASSIGNMENT.exec(raw);
    if (!assignment) {
      diagnostics.push({ severity: 'warning', file, line: lineNo, message: explainIgnoredLine(raw) });
      continue;
    }
    const value = (assignment[2] as string).trimStart();
    const quote = value[0];
    const name = assignment[1] as string;
    if (quote === "'" && closesQuote(value.slice(1), quote)) literal.add(name);
    else literal.delete(name);
    if (quote !== undefined && QUOTES.has(quote) && !closesQuote(value.slice(1), quote)) {
      const end = findClosingLine(lines, i + 1, quote);
      assignments.push({ name, line: lineNo, endLine: end < 0 ? lineNo : end + 1 });
      if (end < 0) {
        diagnostics.push({
          severity: 'warning',
          file,
          line: lineNo,
          message: `unterminated ${quote} quote: the value is taken literally up to the end of the line`,
        });
      } else {
        i = end;
      }
      continue;
    }
    assignments.push({ name, line: lineNo, endLine: lineNo });
    if (/\$\(|`/.test(value) && quote !== "'") {
      diagnostics.push({
        severity: 'warning',
        file,
        line: lineNo,
        message: 'command substitution is not performed: .env values are never run by a shell',
      });
    }
  }
  return { diagnostics, literal, assignments };
}

function closesQuote(rest: string, quote: string): boolean {
  for (let j = 0; j < rest.length; j++) {
    if (rest[j] === '\\') j++;
    else if (rest[j] === quote) return true;
  }
  return false;
}

function findClosingLine(lines: readonly string[], from: number, quote: string): number {
  for (let k = from; k < lines.length; k++) {
    if (closesQuote(lines[k] as string, quote)) return k;
  }
  return -1;
}

function explainIgnoredLine(raw: string): string {
  if (/^\s*export\s+[\w.-]+\s*$/.test(raw)) return '`export NAME` without a value is ignored';
  // One word before the first `=` with a character a name may not have. (Was one regex
  // with two overlapping `[^=\s]*`: quadratic on a long line without `=`.)
  const equals = raw.indexOf('=');
  const name = equals < 0 ? '' : raw.slice(0, equals).trim();
  if (name !== '' && !/\s/.test(name) && /[^\w.-]/.test(name))
    return 'ignored: the name may only use letters, digits, `_`, `.` and `-`';
  return 'ignored: not a NAME=value line';
}
