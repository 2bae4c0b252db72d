/**
 * Makes one line of untrusted output safe and tidy for the merged view: colours (SGR)
 * stay; cursor moves, screen clears, titles, OSC links and other control characters go,
 * because they would wreck the lines of the other instances around them. A progress
 * bar's carriage returns keep only the last segment, as a terminal would show it.
 */
const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;
const CSI = /\x1b\[[0-?]*[ -/]*([@-~])?/g;
const OTHER_ESCAPE = /\x1b[ -/]*[0-~]?/g;
const CONTROL = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f]/g;

export function sanitizeLine(line: string): string {
  const cr = line.lastIndexOf('\r', line.length - 2);
  const visible = cr >= 0 ? line.slice(cr + 1) : line;
  return visible
    .replace(OSC, '')
    .replace(CSI, (match, final: string | undefined) => (final === 'm' ? match : ''))
    .replace(OTHER_ESCAPE, (match) => (match.startsWith('\x1b[') ? match : ''))
    .replace(CONTROL, '');
}
