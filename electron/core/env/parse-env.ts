/**
 * `.env` files in the dotenv dialect, expanded as dotenv-expand does, never run by a shell.
 *
 * Values come from the `dotenv` and `dotenv-expand` packages themselves, so Procdeck reads
 * a `.env` exactly as Node projects do. What those packages lack is a word about the
 * lines they skip; `scanEnvLines` supplies it, with line numbers.
 */
import { parse } from 'dotenv';
import { expand } from 'dotenv-expand';
import type { Diagnostic } from '../../../shared/model';
import { stripBom } from '../procfile/parse-procfile';

export type EnvValues = Readonly<Record<string, string>>;

export interface ParsedEnvFile {
  readonly values: EnvValues;
  readonly diagnostics: readonly Diagnostic[];
}

export function parseEnvText(text: string, file: string): ParsedEnvFile {
  const clean = stripBom(text);
  return { values: { ...parse(clean) }, diagnostics: scanEnvLines(clean, file) };
}

/**
 * Expands `${VAR}` and `$VAR` in the merged file values.
 *
 * As with dotenv, a variable already set in `processEnv` wins over the file's value and
 * is what references see. `processEnv` is copied, never written.
 */
export function expandEnv(fileValues: EnvValues, processEnv: EnvValues): EnvValues {
  const parsed: Record<string, string> = { ...fileValues };
  expand({ parsed, processEnv: { ...processEnv } });
  return parsed;
}

const ASSIGNMENT = /^\s*(?:export\s+)?[\w.-]+(?:\s*=|:\s)(.*)$/;
const QUOTES = new Set(['"', "'", '`']);

/** Warnings for the lines dotenv ignores or reads differently from how they look. */
export function scanEnvLines(text: string, file: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] as string;
    const lineNo = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const assignment = ASSIGNMENT.exec(raw);
    if (!assignment) {
      diagnostics.push({ severity: 'warning', file, line: lineNo, message: explainIgnoredLine(raw) });
      continue;
    }
    const value = (assignment[1] as string).trimStart();
    const quote = value[0];
    if (quote !== undefined && QUOTES.has(quote) && !closesQuote(value.slice(1), quote)) {
      const end = findClosingLine(lines, i + 1, quote);
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
    if (/\$\(|`/.test(value) && quote !== "'") {
      diagnostics.push({
        severity: 'warning',
        file,
        line: lineNo,
        message: 'command substitution is not performed: .env values are never run by a shell',
      });
    }
  }
  return diagnostics;
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
  if (/^\s*[^=\s]*[^\w.=\s-][^=\s]*\s*=/.test(raw)) return 'ignored: the name may only use letters, digits, `_`, `.` and `-`';
  return 'ignored: not a NAME=value line';
}
