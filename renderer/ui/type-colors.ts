/**
 * One colour per process type, by Procfile position, the same in the panes (CSS) and in
 * the merged terminal view (ANSI), as Foreman colours its prefixes.
 */
const ANSI = ['36', '33', '32', '35', '34', '91', '96', '93', '92', '95'] as const;

export function typeColorIndex(typeIndex: number): number {
  return ((typeIndex % ANSI.length) + ANSI.length) % ANSI.length;
}

/** The SGR code of a type's colour. */
export function ansiColor(typeIndex: number): string {
  return ANSI[typeColorIndex(typeIndex)] ?? '36';
}

/** The CSS custom property holding a type's colour (defined in app.css for both themes). */
export function cssColor(typeIndex: number): string {
  return `var(--type-${typeColorIndex(typeIndex)})`;
}
