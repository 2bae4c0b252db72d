/**
 * Starts the user's editor on a checked file and lets it run on its own (detached, no
 * stdio: it outlives nothing of ours and we never wait for it). Resolves once it started.
 *
 * An editor may run for hours, so it must not hold a PTY instance's master (see
 * spawner/leaked-masters.ts): it starts through the same prologue as the children. The
 * prologue is a shell that execs the editor, so a missing program would be its exit 127, not
 * a spawn error; the program is therefore found on PATH first, and a missing one is
 * reported as before.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { withoutLeakedMasters } from '../../core/spawner/leaked-masters';
import { editorCommand, type EditorTarget } from './editor-command';

export function launchEditor(setting: string | null, target: EditorTarget, cwd: string): Promise<void> {
  const command = setting ? editorCommand(setting, target) : null;
  if (!command)
    return Promise.reject(new Error('no editor is set: set $VISUAL or $EDITOR to open files from the output'));
  const program = findProgram(command.file, cwd, process.env.PATH ?? '');
  if (!program)
    return Promise.reject(
      new Error(
        `could not start the editor '${command.file}': ${command.file.includes('/') ? 'no such program' : 'not found on PATH'}`,
      ),
    );
  const { file, args } = withoutLeakedMasters(program, command.args);
  return new Promise<void>((resolvePromise, reject) => {
    const child = spawn(file, args, { cwd, detached: true, stdio: 'ignore' });
    child.once('error', (error) => reject(new Error(`could not start the editor '${command.file}': ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolvePromise();
    });
  });
}

/**
 * The executable file `name` runs, as execvp(3) finds it: a name with a slash as it is (from
 * `cwd` when relative), any other through each PATH entry in order; null when none.
 */
export function findProgram(name: string, cwd: string, path: string): string | null {
  const candidates = name.includes('/')
    ? [isAbsolute(name) ? name : resolve(cwd, name)]
    : path.split(delimiter).map((dir) => resolve(cwd, join(dir || '.', name)));
  return candidates.find(isExecutableFile) ?? null;
}

function isExecutableFile(candidate: string): boolean {
  try {
    accessSync(candidate, constants.X_OK);
    return statSync(candidate).isFile();
  } catch {
    return false;
  }
}
