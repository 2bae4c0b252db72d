/** Compose interpolates `$VAR` and `${VAR}` in every value. Pure. */

/** `$` → `$$`: Compose's interpolation then gives back the literal. */
export function escapeInterpolation(text: string): string {
  return text.replaceAll('$', '$$$$');
}
