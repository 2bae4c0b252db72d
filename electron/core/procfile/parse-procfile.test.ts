import { describe, expect, it } from 'vitest';
import { parseProcfile } from './parse-procfile';

const entries = (text: string) => parseProcfile(text, 'Procfile').types.map((t) => [t.name, t.command]);
const diagnostics = (text: string) =>
  parseProcfile(text, 'Procfile').diagnostics.map((d) => [d.severity, d.line, d.message]);

describe('parseProcfile', () => {
  it.each([
    [
      'entries in file order',
      'web: npm start\nworker: node w.js\n',
      [
        ['web', 'npm start'],
        ['worker', 'node w.js'],
      ],
    ],
    ['a tab after the colon', 'bravo:\t./bravo\n', [['bravo', './bravo']]],
    ['no space after the colon (Foreman accepts it)', 'web:cmd', [['web', 'cmd']]],
    ['alignment spaces after the colon are not part of the command', 'env:  bin/env  FOO', [['env', 'bin/env  FOO']]],
    ['a trailing space stays in the command, as in Foreman', 'web: rails s -p 3000 ', [['web', 'rails s -p 3000 ']]],
    ['a colon inside the command', 'web: node -e "a:b"', [['web', 'node -e "a:b"']]],
    [
      'names with _ and - (even leading -)',
      'foo_bar: a\n-foo: b\n',
      [
        ['foo_bar', 'a'],
        ['-foo', 'b'],
      ],
    ],
    [
      'CRLF line ends',
      'web: a\r\nworker: b\r\n',
      [
        ['web', 'a'],
        ['worker', 'b'],
      ],
    ],
    [
      'a lone CR ends a line and never reaches the command',
      'web: a\rworker: b',
      [
        ['web', 'a'],
        ['worker', 'b'],
      ],
    ],
    [
      'a UTF-8 BOM does not hide the first entry',
      '\ufeffweb: a\nworker: b',
      [
        ['web', 'a'],
        ['worker', 'b'],
      ],
    ],
    ['comments and blank lines', '# web: old\n\n  # indented comment\nweb: new\n', [['web', 'new']]],
    [
      'shell metacharacters stay as written',
      'web: sh -c "echo $FOO" >/dev/null 2>&1',
      [['web', 'sh -c "echo $FOO" >/dev/null 2>&1']],
    ],
    ['no newline at the end of the file', 'web: a', [['web', 'a']]],
  ])('reads %s', (_what, text, expected) => {
    expect(entries(text)).toEqual(expected);
    expect(parseProcfile(text, 'Procfile').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it.each([
    ['a dotted name', 'web.x: a\nok: b', 1, /'web.x' is not a valid process type name/],
    ['a unicode name', 'wébsocket: a\nok: b', 1, /'wébsocket' is not a valid process type name/],
    ['an indented entry', '  web: a\nok: b', 1, /indented line ignored/],
    ['a name without a command', 'web:\nok: b', 1, /'web' has no command/],
    ['a name with only spaces after the colon', 'web:   \nok: b', 1, /'web' has no command/],
    ['a line without a colon', 'ticker ./ticker $PORT\nok: b', 1, /no colon/],
    ['a space before the colon', 'web : a\nok: b', 1, /'web ' is not a valid process type name/],
    ['a NUL byte', 'web: a\0b\nok: b', 1, /NUL byte/],
  ])('warns, naming the line, about %s', (_what, text, line, message) => {
    const parsed = parseProcfile(text, 'Procfile');
    expect(parsed.types.map((t) => t.name)).toEqual(['ok']);
    expect(parsed.diagnostics).toHaveLength(1);
    expect(parsed.diagnostics[0]).toMatchObject({ severity: 'warning', file: 'Procfile', line });
    expect(parsed.diagnostics[0]?.message).toMatch(message);
  });

  it('reports a duplicate name as an error naming both lines, and keeps the first', () => {
    const parsed = parseProcfile('web: a\nworker: b\nweb: c\n', 'Procfile');
    expect(parsed.types.map((t) => [t.name, t.command, t.line])).toEqual([
      ['web', 'a', 1],
      ['worker', 'b', 2],
    ]);
    expect(diagnostics('web: a\nworker: b\nweb: c\n')).toEqual([
      ['error', 3, "duplicate process type 'web' (first defined on line 1); names must be unique"],
    ]);
  });

  it('warns when two names differ only in case', () => {
    expect(diagnostics('web: a\nWeb: b')).toEqual([
      ['warning', 2, "process type 'Web' differs only in case from 'web' on line 1"],
    ]);
  });

  it('is an error when there is no entry at all', () => {
    expect(diagnostics('\n# nothing\n')).toEqual([
      ['error', 0, 'no process types defined (expected lines like "web: npm start")'],
    ]);
    expect(diagnostics('')).toHaveLength(1);
  });

  it('keeps line numbers right after CRLF and lone CR', () => {
    const parsed = parseProcfile('a: 1\r\n\r\nb: 2\rc: 3\n', 'P');
    expect(parsed.types.map((t) => t.line)).toEqual([1, 3, 4]);
  });
});
