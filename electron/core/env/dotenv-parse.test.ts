import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'dotenv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DOTENV_LINE_SOURCE, parseDotenv } from './dotenv-parse';

const token = fc.constantFrom(
  'A',
  'b_1',
  'x.y-z',
  'export',
  'export ',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\n\n\n',
  '\u2028',
  '\u00a0',
  '=',
  ' = ',
  ':',
  ': ',
  '#',
  ' # c',
  "'",
  '"',
  '`',
  '\\',
  "\\'",
  '\\"',
  '\\n',
  'value',
  '$X',
  '${Y}',
  'é',
  '🚀',
);
const envText = fc.oneof(
  fc.array(token, { maxLength: 40 }).map((parts) => parts.join('')),
  fc.string({ maxLength: 120 }),
);

describe('parseDotenv', () => {
  it('is dotenv 17.4.2 itself: the same regex, verbatim', () => {
    const main = readFileSync(join(dirname(createRequire(import.meta.url).resolve('dotenv')), 'main.js'), 'utf8');
    expect(/^const LINE = \/(.*)\/mg$/m.exec(main)?.[1]).toBe(DOTENV_LINE_SOURCE);
  });

  it('reads every input exactly as dotenv.parse does', () => {
    fc.assert(
      fc.property(envText, (text) => {
        expect(parseDotenv(text)).toStrictEqual({ ...parse(text) });
      }),
      { numRuns: 20_000 },
    );
  });

  it.each([
    ['blank lines between two comments', `# a\n${'\n'.repeat(50_000)}# b\nA=1\n`, { A: '1' }],
    ['blank lines before an entry', `${' \n'.repeat(50_000)}A=1`, { A: '1' }],
    ['a key, blank lines, then =', `K${'\n'.repeat(50_000)}=v\n`, { K: 'v' }],
    ['a quoted value across blank lines', `Q="a${'\n'.repeat(5)}b"\n`, { Q: `a${'\n'.repeat(5)}b` }],
  ])('%s: the same result as dotenv', (_name, text, expected) => {
    expect(parseDotenv(text)).toStrictEqual(expected);
    if (text.length < 1000) expect(parse(text)).toStrictEqual(expected);
  });
});
