import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnvFiles } from './load-env';
import { expandEnv, parseEnvText } from './parse-env';

const values = (text: string) => parseEnvText(text, '.env').values;
const warnings = (text: string) => parseEnvText(text, '.env').diagnostics.map((d) => [d.line, d.message]);

describe('parseEnvText (the dotenv dialect)', () => {
  it.each([
    ['plain values', 'A=1\nB=two words', { A: '1', B: 'two words' }],
    ['single quotes are literal', "A='x\\ny $B'", { A: 'x\\ny $B' }],
    ['double quotes expand \\n', 'A="x\\ny"', { A: 'x\ny' }],
    ['backticks quote', 'A=`it\'s "q"`', { A: 'it\'s "q"' }],
    ['multi-line double-quoted values', 'A="line 1\nline 2"\nB=after', { A: 'line 1\nline 2', B: 'after' }],
    ['the export prefix', 'export A=1\nexport  B = 2', { A: '1', B: '2' }],
    ['inline comments after unquoted values', 'A=value # comment', { A: 'value' }],
    ['# inside quotes is kept', 'A="a # b"', { A: 'a # b' }],
    ['empty values', 'A=\nB=""', { A: '', B: '' }],
    ['equal signs in values', 'A=equals==', { A: 'equals==' }],
    ['CRLF line ends', 'A=1\r\nB=2\r\n', { A: '1', B: '2' }],
    ['a BOM', '\ufeffA=1', { A: '1' }],
    [
      'command substitution stays literal',
      'EVIL=$(touch /tmp/pwned)\nTICK=`touch /tmp/pwned`',
      { EVIL: '$(touch /tmp/pwned)', TICK: 'touch /tmp/pwned' },
    ],
  ])('reads %s', (_what, text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it('warns, with the line, about lines dotenv ignores', () => {
    expect(warnings('A=1\nthis is not an assignment\nexport B\nÜ=x\n')).toEqual([
      [2, 'ignored: not a NAME=value line'],
      [3, '`export NAME` without a value is ignored'],
      [4, 'ignored: the name may only use letters, digits, `_`, `.` and `-`'],
    ]);
  });

  it('warns about an unterminated quote but not about a closed multi-line value', () => {
    expect(warnings('A="open\nB=2')).toEqual([
      [1, 'unterminated " quote: the value is taken literally up to the end of the line'],
    ]);
    expect(warnings('A="multi\nline"\nB=2')).toEqual([]);
  });

  it('warns that command substitution is not performed', () => {
    expect(warnings('EVIL=$(rm -rf ~)')).toEqual([
      [1, 'command substitution is not performed: .env values are never run by a shell'],
    ]);
    expect(warnings("SAFE='$(literal)'")).toEqual([]);
  });
});

describe('expandEnv (dotenv-expand)', () => {
  it('expands ${VAR}, $VAR and defaults from earlier values', () => {
    expect(expandEnv({ HOST: 'db', URL: 'pg://${HOST}:$PORTX/x', D: '${MISSING:-fallback}' }, {})).toEqual({
      HOST: 'db',
      URL: 'pg://db:/x',
      D: 'fallback',
    });
  });

  it('lets the process environment win over the file, and expands with it', () => {
    expect(expandEnv({ PORT: '3000', URL: 'http://localhost:${PORT}' }, { PORT: '4000' })).toEqual({
      PORT: '4000',
      URL: 'http://localhost:4000',
    });
  });

  it('keeps single-quoted values literal, as a shell would', () => {
    const parsed = parseEnvText('PASSWORD=\'pa$$word\'\nA=$PASSWORD\nD="x $PASSWORD"', '.env');
    expect(expandEnv(parsed.values, {}, parsed.literal)).toEqual({
      PASSWORD: 'pa$$word',
      A: 'pa$$word',
      D: 'x pa$$word',
    });
  });

  it('never runs anything', () => {
    expect(expandEnv({ EVIL: '$(touch /tmp/procdeck-pwned)' }, {})).toEqual({ EVIL: '$(touch /tmp/procdeck-pwned)' });
  });

  it('does not write to the process environment it is given', () => {
    const env = { A: '1' };
    expandEnv({ B: '2' }, env);
    expect(env).toEqual({ A: '1' });
  });
});

describe('loadEnvFiles', () => {
  const dir = mkdtempSync(join(tmpdir(), 'procdeck-env-'));
  const a = join(dir, 'a.env');
  const b = join(dir, 'b.env');
  writeFileSync(a, 'X=from-a\nY=from-a\n');
  writeFileSync(b, 'Y=from-b\nZ=${X}-z\n');

  it('merges several files, later files winning, and expands across them', async () => {
    const loaded = await loadEnvFiles([a, b], {}, { required: true });
    expect(loaded.values).toEqual({ X: 'from-a', Y: 'from-b', Z: 'from-a-z' });
    expect(loaded.files).toEqual([a, b]);
  });

  it('skips a missing default .env but reports a missing file that was named', async () => {
    expect((await loadEnvFiles([join(dir, 'none.env')], {}, { required: false })).diagnostics).toEqual([]);
    const named = await loadEnvFiles([join(dir, 'none.env')], {}, { required: true });
    expect(named.diagnostics).toEqual([
      { severity: 'error', file: join(dir, 'none.env'), line: 0, message: 'env file not found' },
    ]);
  });
});
