/**
 * The native question before a folder the user did not choose in Procdeck (a path typed
 * into the page) is opened: it names the folder and every command its Procfile would run,
 * so nothing starts that the user has not seen. Pure; the Procfile is read by the caller.
 */
import type { ProcessTypeDef } from '../core/procfile/parse-procfile';

/** Commands shown in the dialog; the rest are counted. */
const MAX_SHOWN = 15;
const MAX_COMMAND = 300;

export interface OpenQuestion {
  readonly title: string;
  readonly detail: string;
  readonly action: string;
}

/** Control characters (terminal escapes, CR tricks) shown as visible escapes, never interpreted. */
export function visible(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/gu,
    (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );
}

export function openQuestion(
  dir: string,
  procfile: string,
  read: { readonly types: readonly ProcessTypeDef[]; readonly problem: string | null },
): OpenQuestion {
  const lines = [
    `The page asked to open ${visible(dir)}, which was not chosen in a Procdeck dialog, dropped on the window or given on the command line.`,
    '',
  ];
  if (read.problem) lines.push(`Its ${visible(procfile)} cannot be read: ${visible(read.problem)}`);
  else if (read.types.length === 0) lines.push(`Its ${visible(procfile)} defines no processes.`);
  else {
    lines.push(`Opening it runs every command of its ${visible(procfile)}:`);
    for (const type of read.types.slice(0, MAX_SHOWN)) {
      const command = visible(type.command);
      lines.push(
        `  ${visible(type.name)}: ${command.length > MAX_COMMAND ? `${command.slice(0, MAX_COMMAND)}…` : command}`,
      );
    }
    if (read.types.length > MAX_SHOWN) lines.push(`  … and ${read.types.length - MAX_SHOWN} more`);
  }
  return { title: `Open ${visible(dir)} and run its processes?`, detail: lines.join('\n'), action: 'Open and Run' };
}
