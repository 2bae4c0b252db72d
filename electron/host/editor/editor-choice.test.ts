import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkEditorCommand } from '../../../shared/editor-choice';
import { describeEditorSetting, editorChoiceFile, editorToLaunch } from './editor-choice';
import { editorCommand } from './editor-command';

describe('checkEditorCommand: a command name or an absolute path, never a shell string', () => {
  it.each([
    ['code', 'code'],
    ['  subl  ', 'subl'],
    ['code-insiders', 'code-insiders'],
    ['g++', 'g++'],
    ['/usr/bin/gedit', '/usr/bin/gedit'],
    [
      '/Applications/Sublime Text.app/Contents/SharedSupport/bin/subl',
      '/Applications/Sublime Text.app/Contents/SharedSupport/bin/subl',
    ],
    // A path's spaces are part of its name: it runs as the one program `/usr/bin/code -n`, no option.
    ['/usr/bin/code -n', '/usr/bin/code -n'],
  ])('%j is taken as %j', (text, command) => {
    expect(checkEditorCommand(text)).toEqual({ ok: true, command });
  });

  it.each([
    ['', /empty/],
    ['code --wait', /not a shell command/],
    ['code;rm -rf ~', /not a shell command/],
    ['$(touch /tmp/x)', /not a shell command/],
    ['`id`', /not a shell command/],
    ['"code"', /not a shell command/],
    ['-e', /not a shell command/],
    ['vim|tee', /not a shell command/],
    ['bin/code', /not a shell command/],
    ['/usr/bin/../bin/sh', /absolute/],
    ['/usr/bin/code\n', { ok: true }],
    ['/tmp/a"b', /absolute/],
    ['/tmp/a\\b', /absolute/],
    ['x'.repeat(501), /at most 500/],
  ])('%j is refused', (text, expected) => {
    const checked = checkEditorCommand(text);
    if (expected instanceof RegExp) expect(checked.ok ? '' : checked.reason).toMatch(expected);
    else expect(checked.ok).toBe(true);
  });
});

describe('which editor a file link starts', () => {
  it('the choice wins over $VISUAL, which wins over $EDITOR', () => {
    expect(describeEditorSetting('subl', { VISUAL: 'code', EDITOR: 'vim' }, true).effective).toEqual({
      command: 'subl',
      source: 'chosen',
    });
    expect(describeEditorSetting(null, { VISUAL: 'code', EDITOR: 'vim' }, true)).toEqual({
      chosen: null,
      environment: { variable: 'VISUAL', value: 'code' },
      effective: { command: 'code', source: 'VISUAL' },
      canChoose: true,
    });
    expect(describeEditorSetting(null, { VISUAL: ' ', EDITOR: 'vim' }, true).effective?.source).toBe('EDITOR');
    expect(describeEditorSetting(null, {}, false)).toEqual({
      chosen: null,
      environment: null,
      effective: null,
      canChoose: false,
    });
  });

  it('a chosen path with spaces stays one program, with the line as that editor takes it', () => {
    const launch = editorToLaunch('/opt/My Apps/code', { VISUAL: 'vim' }) as string;
    expect(editorCommand(launch, { file: '/p/a.js', line: 3, column: null })).toEqual({
      file: '/opt/My Apps/code',
      args: ['--goto', '/p/a.js:3'],
    });
    expect(editorToLaunch(null, { VISUAL: 'vim -n' })).toBe('vim -n');
  });
});

describe('editorChoiceFile', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const userData = () => {
    const dir = mkdtempSync(join(tmpdir(), 'procdeck-editor-'));
    dirs.push(dir);
    return dir;
  };

  it('remembers a choice across instances (another run), and forgets it', () => {
    const dir = userData();
    expect(editorChoiceFile(dir).read()).toBeNull();
    editorChoiceFile(dir).write(' subl ');
    expect(editorChoiceFile(dir).read()).toBe('subl');
    expect(JSON.parse(readFileSync(join(dir, 'state', 'editor.json'), 'utf8'))).toEqual({
      version: 1,
      command: 'subl',
    });
    editorChoiceFile(dir).write(null);
    expect(editorChoiceFile(dir).read()).toBeNull();
  });

  it('refuses to write a shell string', () => {
    const dir = userData();
    expect(() => editorChoiceFile(dir).write('code && curl evil')).toThrow(/not a shell command/);
    expect(editorChoiceFile(dir).read()).toBeNull();
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['another shape', '{"version":2,"command":"code"}', /not an editor choice/],
    ['a hand-edited shell string', '{"version":1,"command":"code; rm -rf ~"}', /not a shell command/],
    ['too large', `{"version":1,"command":"code","pad":"${'x'.repeat(20_000)}"}`, /larger than/],
  ])('a file that is %s counts as no choice, with a warning', (_what, text, warning) => {
    const dir = userData();
    mkdirSync(join(dir, 'state'));
    writeFileSync(join(dir, 'state', 'editor.json'), text);
    const warnings: string[] = [];
    expect(editorChoiceFile(dir, (m) => warnings.push(m)).read()).toBeNull();
    expect(warnings).toEqual([expect.stringMatching(warning)]);
  });
});
