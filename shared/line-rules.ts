/**
 * The line rules: how a child's raw output becomes lines that sit among other instances'
 * lines (the merged view, `procdeck start`'s log) or are read later (a crash's last lines).
 *
 * One home, so the places that apply them cannot drift (they did: a partial line waited
 * 100, 250 or 300 ms depending on where it was, and the crash record and the merged view
 * stripped different sequences). Pure, string in and string out: decoding bytes is the
 * caller's job (shared/ has no TextDecoder types).
 *
 * `procdeck start` applies the timing and size rules but strips nothing: its output goes
 * to the user's own terminal, where a child's colours and redraws work as they would
 * under Foreman.
 */

/**
 * How long a partial line (a prompt, a progress bar) waits for its end before it is shown
 * anyway. Short, so a prompt shows at once; a line split by a batch boundary is nearly
 * always completed sooner (the host sends the rest within a few ms, or once credit returns).
 */
export const PARTIAL_LINE_WAIT_MS = 100;

/** A partial line that reaches this many bytes is shown at once, so a line without an end cannot grow memory. */
export const MAX_HELD_LINE_BYTES = 64 * 1024;

/** What is kept of the child's colours (SGR): the merged view shows them, a crash record is plain text. */
export type ColourRule = 'keep-colours' | 'drop-colours';

// OSC … BEL/ST (titles, clipboard writes, links), also cut off at the line's end.
const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;
// CSI (cursor moves, clears, colours), also cut off; the final byte is captured to tell colours apart.
const CSI = /\x1b\[[0-?]*[ -/]*([@-~])?/g;
// Every other escape (charset selection, keypad modes, a lone ESC); a kept colour is left alone.
const OTHER_ESCAPE = /\x1b[ -/]*[0-~]?/g;
// C0 controls but the tab, DEL, and the C1 controls (U+0080–U+009F: xterm reads U+009B as a CSI).
const CONTROL = /[\x00-\x08\x0a-\x1a\x1c-\x1f\x7f-\x9f]/g;

/** What a terminal finally shows of a line that redraws itself with carriage returns (a progress bar). */
export function finalRedraw(line: string): string {
  const trimmed = line.replace(/\r+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('\r') + 1);
}

/**
 * One line of untrusted output, safe to show among other lines: what its redraws finally
 * show, without cursor moves, screen clears, titles, links, clipboard writes or other
 * control characters (they would wreck the lines around it), and with its colours only
 * when `colours` keeps them.
 */
export function readableLine(line: string, colours: ColourRule): string {
  const keep = colours === 'keep-colours';
  return finalRedraw(line)
    .replace(OSC, '')
    .replace(CSI, (match, final: string | undefined) => (keep && final === 'm' ? match : ''))
    .replace(OTHER_ESCAPE, (match) => (match.startsWith('\x1b[') ? match : ''))
    .replace(CONTROL, '');
}
