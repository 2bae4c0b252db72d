/**
 * Starts the user's editor on a checked file and lets it run on its own (detached, no
 * stdio: it outlives nothing of ours and we never wait for it). Resolves once it started.
 */
import { spawn } from 'node:child_process';
import { editorCommand, type EditorTarget } from './editor-command';

export function launchEditor(setting: string | null, target: EditorTarget, cwd: string): Promise<void> {
  const command = setting ? editorCommand(setting, target) : null;
  if (!command)
    return Promise.reject(new Error('no editor is set: set $VISUAL or $EDITOR to open files from the output'));
  return new Promise<void>((resolve, reject) => {
    const child = spawn(command.file, [...command.args], { cwd, detached: true, stdio: 'ignore' });
    child.once('error', (error) => reject(new Error(`could not start the editor '${command.file}': ${error.message}`)));
    child.once('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
