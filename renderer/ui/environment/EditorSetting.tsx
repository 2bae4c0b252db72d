/**
 * "Editor…" in the project bar: which editor a `file.js:42` link opens (the one chosen here,
 * else $VISUAL, else $EDITOR), and a field to choose one. The field takes a command name or
 * an absolute path only (the host checks the same rule again, shared/editor-choice.ts).
 */
import { useState, type FormEvent } from 'react';
import { checkEditorCommand, type EditorSetting } from '../../../shared/editor-choice';
import { useServices } from '../services';

function describeEffective(setting: EditorSetting): string {
  const effective = setting.effective;
  if (!effective) return 'No editor is set: file links cannot open until you choose one.';
  const from = effective.source === 'chosen' ? 'chosen here' : `from $${effective.source}`;
  return `File links open in ${effective.command} (${from}).`;
}

export function EditorSettingMenu() {
  const { bridge } = useServices();
  const [setting, setSetting] = useState<EditorSetting | null>(null);
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function load() {
    const result = await bridge.call('editor.setting', {});
    if (!result.ok) return setProblem(result.error.message);
    setSetting(result.value);
    setText(result.value.chosen ?? '');
    setProblem(null);
  }

  async function choose(command: string | null) {
    const result = await bridge.call('editor.choose', { command });
    if (!result.ok) return setProblem(result.error.message);
    setSetting(result.value);
    setText(result.value.chosen ?? '');
    setProblem(null);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const checked = checkEditorCommand(text);
    if (!checked.ok) return setProblem(checked.reason);
    void choose(checked.command);
  }

  return (
    <details className="open-other" onToggle={(e) => e.currentTarget.open && void load()}>
      <summary>Editor…</summary>
      <div className="popover">
        <form className="editor-setting" aria-label="Editor for file links" onSubmit={submit}>
          <p role="status" aria-label="Editor in use">
            {setting ? describeEffective(setting) : 'Loading…'}
          </p>
          {setting?.environment && (
            <p className="dim">
              ${setting.environment.variable} is {setting.environment.value}
            </p>
          )}
          <label className="field">
            <span>Editor command</span>
            <input
              type="text"
              value={text}
              placeholder="code, subl, /usr/bin/gedit"
              spellCheck={false}
              disabled={setting?.canChoose === false}
              aria-invalid={problem !== null}
              aria-describedby="editor-setting-problem"
              onChange={(e) => setText(e.target.value)}
            />
          </label>
          <p id="editor-setting-problem" className="tone-bad" role="alert">
            {problem ?? ''}
          </p>
          <button type="submit" disabled={setting?.canChoose === false}>
            Use this editor
          </button>{' '}
          {setting?.chosen !== null && setting?.chosen !== undefined && (
            <button type="button" onClick={() => void choose(null)}>
              Use $VISUAL / $EDITOR
            </button>
          )}
        </form>
      </div>
    </details>
  );
}
