import { describe, expect, it } from 'vitest';
import { findFileReferences } from './file-references';

const refs = (text: string) =>
  findFileReferences(text).map((r) => [text.slice(r.start, r.end), r.path, r.line, r.column]);

describe('findFileReferences', () => {
  it.each([
    ['Error at src/app.js:42', [['src/app.js:42', 'src/app.js', 42, null]]],
    ['    at Object.<anonymous> (/p/src/app.js:1:7)', [['/p/src/app.js:1:7', '/p/src/app.js', 1, 7]]],
    [
      'see ./lib/x.ts:3:14, then ../y.rb:9',
      [
        ['./lib/x.ts:3:14', './lib/x.ts', 3, 14],
        ['../y.rb:9', '../y.rb', 9, null],
      ],
    ],
    ['at file:///p/src/app.mjs:12:5', [['file:///p/src/app.mjs:12:5', 'file:///p/src/app.mjs', 12, 5]]],
    ['open file:///p/notes.txt now', [['file:///p/notes.txt', 'file:///p/notes.txt', null, null]]],
    ['app.py:10: warning', [['app.py:10', 'app.py', 10, null]]],
  ])('%s', (text, expected) => {
    expect(refs(text)).toEqual(expected);
  });

  it.each([
    'listening on http://localhost:5000/',
    'GET https://example.com:443/x.js:1',
    'package.json has no line',
    'version 1.2.3:4 of foo',
    'at 12:30:45',
    'user@host.com:22',
  ])('finds nothing in %s', (text) => {
    expect(refs(text)).toEqual([]);
  });
});
