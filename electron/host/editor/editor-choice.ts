/**
 * The user's editor choice, remembered per user in `<user data>/state/editor.json`
 * (`{version:1, command}`), for the desktop app and `procdeck serve` alike, and which
 * editor a file link starts: the choice, else $VISUAL, else $EDITOR.
 *
 * The file is read bounded and validated (a hand edit that is not a command name counts
 * as no choice, with a warning); writes are atomic (a temporary file renamed over it).
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { checkEditorCommand, type EditorSetting } from '../../../shared/editor-choice';
import { editorSetting } from './editor-command';

/** Where a choice is kept; `read` never throws. */
export interface EditorChoice {
  read(): string | null;
  write(command: string | null): void;
}

const MAX_FILE_BYTES = 16 * 1024;

const fileSchema = z.strictObject({ version: z.literal(1), command: z.string().nullable() });

export function editorChoiceFile(userDataDir: string, warn: (message: string) => void = () => undefined): EditorChoice {
  const file = join(userDataDir, 'state', 'editor.json');
  let cached: string | null | undefined;
  return {
    read() {
      if (cached === undefined) cached = readChoice(file, warn);
      return cached;
    },
    write(command) {
      const checked = command === null ? null : checkEditorCommand(command);
      if (checked && !checked.ok) throw new Error(checked.reason);
      const value = checked ? checked.command : null;
      mkdirSync(dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, `${JSON.stringify({ version: 1, command: value }, null, 2)}\n`, { mode: 0o600 });
      renameSync(temp, file);
      cached = value;
    },
  };
}

function readChoice(file: string, warn: (message: string) => void): string | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn(`cannot read ${file}: ${(error as Error).message}`);
    return null;
  }
  if (bytes.byteLength > MAX_FILE_BYTES) {
    warn(`${file} is larger than ${MAX_FILE_BYTES} bytes: no editor chosen`);
    return null;
  }
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    warn(`${file} is not JSON: no editor chosen`);
    return null;
  }
  const parsed = fileSchema.safeParse(data);
  if (!parsed.success) {
    warn(`${file} is not an editor choice: no editor chosen`);
    return null;
  }
  if (parsed.data.command === null) return null;
  const checked = checkEditorCommand(parsed.data.command);
  if (!checked.ok) {
    warn(`${file}: ${checked.reason}: no editor chosen`);
    return null;
  }
  return checked.command;
}

/** What the settings form shows: the choice, the environment's editor, and which one a link starts. */
export function describeEditorSetting(
  chosen: string | null,
  env: Readonly<Record<string, string | undefined>>,
  canChoose: boolean,
): EditorSetting {
  const fromEnv = editorSetting(env);
  const variable = env.VISUAL?.trim() ? 'VISUAL' : 'EDITOR';
  const environment = fromEnv === null ? null : ({ variable, value: fromEnv } as const);
  const effective =
    chosen !== null
      ? ({ command: chosen, source: 'chosen' } as const)
      : environment
        ? { command: environment.value, source: environment.variable }
        : null;
  return { chosen, environment, effective, canChoose };
}

/**
 * The setting `launchEditor` splits into words: a chosen command is one word (quoted: a
 * checked command has no quote or backslash, so the quotes only keep its spaces together).
 */
export function editorToLaunch(
  chosen: string | null,
  env: Readonly<Record<string, string | undefined>>,
): string | null {
  return chosen !== null ? `"${chosen}"` : editorSetting(env);
}
