/**
 * The command line that opens `file` at `line:column` in the user's editor, from `$VISUAL`
 * or `$EDITOR` (or a setting). Editors disagree on how to say "at this line": each family's
 * form is here, once. Pure.
 */
import { basename } from 'node:path';
import { assertNever } from '../../../shared/model';

export interface EditorTarget {
  /** Absolute, inside the project (checked by editor-target.ts). */
  readonly file: string;
  readonly line: number | null;
  readonly column: number | null;
}

export interface EditorCommand {
  readonly file: string;
  readonly args: readonly string[];
}

/** `$VISUAL` first (the full-screen editor), then `$EDITOR`; null when neither is set. */
export function editorSetting(env: Readonly<Record<string, string | undefined>>): string | null {
  for (const name of ['VISUAL', 'EDITOR'] as const) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return null;
}

/** Splits a setting like `code --wait` or `"/Applications/My Editor/bin/ed" -n` into words, as a shell would for quotes. */
export function splitWords(setting: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < setting.length; i++) {
    const c = setting[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < setting.length) word += setting[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < setting.length) {
      word += setting[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

type LineStyle = 'goto' | 'colon' | 'plus' | 'line-flag' | 'none';

const STYLES: Readonly<Record<string, LineStyle>> = {
  code: 'goto',
  'code-insiders': 'goto',
  codium: 'goto',
  cursor: 'goto',
  windsurf: 'goto',
  subl: 'colon',
  sublime_text: 'colon',
  zed: 'colon',
  atom: 'colon',
  mate: 'line-flag',
  idea: 'line-flag',
  webstorm: 'line-flag',
  pycharm: 'line-flag',
  vim: 'plus',
  nvim: 'plus',
  vi: 'plus',
  gvim: 'plus',
  mvim: 'plus',
  emacs: 'plus',
  emacsclient: 'plus',
  nano: 'plus',
  micro: 'colon',
  hx: 'colon',
  kak: 'plus',
  gedit: 'plus',
  kate: 'line-flag',
};

function styleOf(program: string): LineStyle {
  const name = basename(program).replace(/\.(exe|cmd|bat)$/i, '');
  return STYLES[name] ?? 'none';
}

/** The editor's argv for the target; null when the setting is empty. */
export function editorCommand(setting: string, target: EditorTarget): EditorCommand | null {
  const [program, ...fixed] = splitWords(setting);
  if (!program) return null;
  const { file, line, column } = target;
  const at = (args: string[]): EditorCommand => ({ file: program, args: [...fixed, ...args] });
  if (line === null) return at([file]);
  const style = styleOf(program);
  switch (style) {
    case 'goto':
      return at(['--goto', `${file}:${line}${column !== null ? `:${column}` : ''}`]);
    case 'colon':
      return at([`${file}:${line}${column !== null ? `:${column}` : ''}`]);
    case 'plus':
      return at([`+${line}`, file]);
    case 'line-flag':
      return at(['--line', String(line), file]);
    case 'none':
      return at([file]);
    default:
      return assertNever(style, 'editor line style');
  }
}
