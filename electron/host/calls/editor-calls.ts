/** `editor.open`: a `path:line` from the output opened in the user's editor, after a click, inside the project only. */
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
  };
}
