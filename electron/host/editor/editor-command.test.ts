import { describe, expect, it } from 'vitest';
import { editorCommand, editorSetting, splitWords } from './editor-command';

const at = { file: '/p/src/app.js', line: 42, column: 7 };

describe('editorCommand', () => {
  it.each([
    ['code', ['--goto', '/p/src/app.js:42:7']],
    ['/usr/bin/code --wait', ['--wait', '--goto', '/p/src/app.js:42:7']],
    ['subl', ['/p/src/app.js:42:7']],
    ['vim', ['+42', '/p/src/app.js']],
    ['emacsclient -n', ['-n', '+42', '/p/src/app.js']],
    ['idea', ['--line', '42', '/p/src/app.js']],
    ['"/opt/My Editor/bin/unknown-ed" -x', ['-x', '/p/src/app.js']],
  ])('%s opens file:42:7 with %j', (setting, args) => {
    expect(editorCommand(setting, at)?.args).toEqual(args);
  });

  it('names the program first, quotes and all, and drops the line when there is none', () => {
    expect(editorCommand('"/opt/My Editor/ed"', { ...at, line: null })).toEqual({
      file: '/opt/My Editor/ed',
      args: ['/p/src/app.js'],
    });
    expect(editorCommand('code', { ...at, column: null })?.args).toEqual(['--goto', '/p/src/app.js:42']);
    expect(editorCommand('   ', at)).toBeNull();
  });

  it('reads $VISUAL before $EDITOR, ignoring empty ones', () => {
    expect(editorSetting({ VISUAL: 'code', EDITOR: 'vim' })).toBe('code');
    expect(editorSetting({ VISUAL: ' ', EDITOR: 'vim' })).toBe('vim');
    expect(editorSetting({})).toBeNull();
  });

  it('splits words as a shell does for quotes and backslashes', () => {
    expect(splitWords(`a 'b c' "d \\"e\\"" f\\ g ''`)).toEqual(['a', 'b c', 'd "e"', 'f g', '']);
  });
});
