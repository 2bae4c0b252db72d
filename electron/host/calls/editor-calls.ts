/** `editor.open`: a `path:line` from the output opened in the user's editor, after a click, inside the project only. */
import { checkEditorCommand, type EditorSetting } from '../../../shared/editor-choice';
import { describeEditorSetting } from '../editor/editor-choice';
import { checkEditorTarget } from '../editor/editor-target';
import type { AreaHandlers, HostScope } from './call-handler';
import { HostCallError } from './call-handler';

export function editorCalls(host: HostScope): AreaHandlers<'editor'> {
  return {
    'editor.open': async ({ path, line, column }) => {
      const open = host.services.openInEditor;
      if (!open) throw new HostCallError('unsupported', 'this host cannot open an editor');
      const checked = await checkEditorTarget(host.session().files.dir, path);
      if (!checked.ok) throw new HostCallError('refused', checked.reason);
      await open({ file: checked.file, line: line ?? null, column: column ?? null });
      return null;
    },
    // workbench: the editor setting. The choice is checked by the one rule (shared/editor-choice.ts).
    'editor.setting': async () => editorSettingOf(host),
    'editor.choose': async ({ command }) => {
      const editor = host.services.editorChoice;
      if (!editor) throw new HostCallError('unsupported', 'this host cannot remember an editor');
      const checked = command === null ? null : checkEditorCommand(command);
      if (checked && !checked.ok) throw new HostCallError('invalid-request', checked.reason);
      try {
        editor.choice.write(checked ? checked.command : null);
      } catch (error) {
        throw new HostCallError('failed', `could not remember the editor: ${(error as Error).message}`);
      }
      return editorSettingOf(host);
    },
  };
}

function editorSettingOf(host: HostScope): EditorSetting {
  const editor = host.services.editorChoice;
  return editor
    ? describeEditorSetting(editor.choice.read(), editor.env, true)
    : describeEditorSetting(null, {}, false);
}
