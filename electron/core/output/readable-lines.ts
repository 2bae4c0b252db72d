/**
 * Output bytes as a person reads them: the last lines, with terminal control removed and
 * carriage-return redraws reduced to what a terminal would finally show. Pure.
 */
const ESCAPES =
  // OSC … BEL/ST, CSI sequences, other two-byte escapes
  /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b\[[0-?]*[ -/]*[@-~]|\u001b[@-Z\\-_]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function stripTerminalControl(text: string): string {
  return text.replace(ESCAPES, '');
}

/** The last `count` non-empty lines of `bytes`, decoded leniently (bad bytes become U+FFFD). */
export function lastLines(bytes: Uint8Array, count: number): string[] {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const lines = text.split('\n').map((line) => {
    // A progress bar redraws with \r: keep what the terminal ends up showing.
    const segments = line.replace(/\r+$/, '').split('\r');
    return stripTerminalControl(segments[segments.length - 1] ?? '').trimEnd();
  });
  return lines.filter((line) => line !== '').slice(-count);
}
