/**
 * ANSI colours for the merged log, and the rule for whether to use them:
 * `--no-color`/`--color` first, then NO_COLOR and FORCE_COLOR, then "is stdout a terminal".
 */
const CODES = {
  cyan: 36,
  yellow: 33,
  green: 32,
  magenta: 35,
  blue: 34,
  brightCyan: 96,
  brightYellow: 93,
  brightGreen: 92,
  brightMagenta: 95,
  brightBlue: 94,
  red: 31,
  bold: 1,
  dim: 2,
} as const;

export type Palette = keyof typeof CODES;

/** Type colours in Procfile order; red is kept for errors. */
const TYPE_COLORS: readonly Palette[] = [
  'cyan',
  'yellow',
  'green',
  'magenta',
  'blue',
  'brightCyan',
  'brightYellow',
  'brightGreen',
  'brightMagenta',
  'brightBlue',
];

export function colorFor(typeIndex: number): Palette {
  return TYPE_COLORS[((typeIndex % TYPE_COLORS.length) + TYPE_COLORS.length) % TYPE_COLORS.length] as Palette;
}

export function paint(palette: Palette, text: string): string {
  return `\u001b[${CODES[palette]}m${text}\u001b[0m`;
}

export function useColor(flag: boolean | undefined, env: NodeJS.ProcessEnv, isTty: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTty;
}
