/**
 * The editor the user chose in the app for `editor.open` (workbench, issue 13): a command
 * name (`code`, `subl`) or an absolute path to one, never a shell string. It is run
 * without a shell, as one program with the file as its argument, so no quote, `$`, `;` or
 * option can ride along. Pure: the host's schema and the settings form use this one rule.
 */

export const EDITOR_COMMAND_MAX_CHARS = 500;

/** Where the editor `editor.open` starts comes from: the user's choice, else $VISUAL, else $EDITOR. */
export type EditorSource = 'chosen' | 'VISUAL' | 'EDITOR';

export interface EditorSetting {
  /** What the user chose in the app (null: none, the environment decides). */
  readonly chosen: string | null;
  /** $VISUAL or $EDITOR as the host's environment has them (the login shell's, in the desktop app). */
  readonly environment: { readonly variable: 'VISUAL' | 'EDITOR'; readonly value: string } | null;
  /** The editor a file link opens now, and why; null: none is set, links cannot open. */
  readonly effective: { readonly command: string; readonly source: EditorSource } | null;
  /** The host remembers a choice (false: the choice cannot be made here). */
  readonly canChoose: boolean;
}

// A name: letters, digits and `._+-`, not starting with `-` (it would be an option).
const NAME = /^[A-Za-z0-9_][A-Za-z0-9._+-]*$/;
// An absolute path of such names (spaces allowed inside: `/Applications/Sublime Text.app/…`).
const PATH = /^(\/[A-Za-z0-9_.+ -]*[A-Za-z0-9_.+-])+$/;

export type EditorCommandCheck =
  { readonly ok: true; readonly command: string } | { readonly ok: false; readonly reason: string };

/** The command as it will be run (trimmed), or why it is not a command name. */
export function checkEditorCommand(text: string): EditorCommandCheck {
  const command = text.trim();
  if (command === '') return { ok: false, reason: 'an editor command is empty' };
  if (command.length > EDITOR_COMMAND_MAX_CHARS)
    return { ok: false, reason: `an editor command is at most ${EDITOR_COMMAND_MAX_CHARS} characters` };
  if (command.startsWith('/')) {
    if (!PATH.test(command) || command.split('/').some((part) => part === '..'))
      return {
        ok: false,
        reason: 'an editor path is absolute and has only letters, digits, spaces and . _ + - between its slashes',
      };
    return { ok: true, command };
  }
  if (!NAME.test(command))
    return {
      ok: false,
      reason:
        'an editor is a command name (like code or subl) or an absolute path, not a shell command: no arguments, quotes or symbols',
    };
  return { ok: true, command };
}
