/**
 * Each format's escaping, as tables: what goes in, what the file holds.
 */
import { describe, expect, it } from 'vitest';
import { escapeInterpolation } from '../../electron/core/export/compose/compose-escape';
import { isDnsLabel, toDnsLabel } from '../../electron/core/export/export-names';
import { looksSecret } from '../../electron/core/export/kubernetes/secret-keys';
import { escapeKubeletExpansion } from '../../electron/core/export/kubernetes/write-kubernetes';
import {
  commandWord as supervisorCommand,
  inlineAssignment,
  shellExport,
  sourceWord,
} from '../../electron/core/export/supervisord/supervisord-escape';
import { commandWord as systemdCommand, environmentWord } from '../../electron/core/export/systemd/systemd-escape';

describe('systemd quoting', () => {
  it.each([
    ['plain', 'A', 'b', '"A=b"'],
    ['a specifier', 'URL', 'p%40ss', '"URL=p%%40ss"'],
    ['both quotes', 'Q', `it's "x"`, `"Q=it's \\"x\\""`],
    ['a backslash at the end', 'B', 'C:\\d\\', '"B=C:\\\\d\\\\"'],
    ['a dollar (not substituted in Environment=)', 'D', '$HOME ${X}', '"D=$HOME ${X}"'],
    ['a line break and a tab', 'M', 'a\nb\tc', '"M=a\\nb\\tc"'],
    ['a control character', 'C', 'a\x01b', '"C=a\\x01b"'],
    ['UTF-8', 'U', 'héllo ✓', '"U=héllo ✓"'],
    ['empty', 'E', '', '"E="'],
  ])('Environment= with %s', (_what, key, value, expected) => {
    expect(environmentWord(key, value)).toBe(expected);
  });

  it.each([
    ['echo $PORT', '"echo $$PORT"'],
    ['printf "%s" 100%', '"printf \\"%%s\\" 100%%"'],
    ["it's", `"it's"`],
  ])('ExecStart= word %j', (word, expected) => {
    expect(systemdCommand(word)).toBe(expected);
  });
});

describe('supervisord quoting', () => {
  it.each([
    ['plain', 'A', 'b', 'A="b"'],
    ['a URL', 'URL', 'postgres://u:p%40ss@h:5432/db', 'URL="postgres://u:p%%40ss@h:5432/db"'],
    ['double quotes inside', 'Q', 'a "b" c', `Q='a "b" c'`],
    ['a comma and spaces', 'L', 'a, b  c', 'L="a, b  c"'],
    ['empty', 'E', '', 'E=""'],
    ['both quote kinds', 'Q', `it's "x" ok`, null],
    ['a quote at the end (supervisord strips it)', 'Q', 'say "hi"', null],
    ['a quote at the start', 'Q', "'x", null],
    ['a line break', 'M', 'a\nb', null],
    ['an inline comment for the ini parser', 'S', 'a ; b', null],
    ['a # after a space', 'S', 'a #b', null],
    ["supervisord's own %(here)s", 'H', 'x %(here)s', null],
  ])('environment= with %s', (_what, key, value, expected) => {
    expect(inlineAssignment(key, value)).toBe(expected);
  });

  it.each([
    ['echo $PORT', `'echo $PORT'`],
    ["it's; done # ok", `'it'\\''s'\\;' done '\\#' ok'`],
    ['100%', `'100%%'`],
  ])('command= word %j', (word, expected) => {
    expect(supervisorCommand(word)).toBe(expected);
  });

  it("sources the environment file from the conf's own folder, joined to the command as one word", () => {
    expect(sourceWord('app.env') + supervisorCommand('run')).toBe(`'. "%(here)s/app.env"'\\;' ''run'`);
  });

  it.each([
    ['Q', `it's`, `export Q='it'\\''s'`],
    ['M', 'a\nb', `export M='a\nb'`],
    ['a.b', 'x', null],
  ])('environment file line for %s', (key, value, expected) => {
    expect(shellExport(key, value)).toBe(expected);
  });
});

describe('Kubernetes and Compose', () => {
  it.each([
    ['echo $(date)', 'echo $$(date)'],
    ['echo $$ $PORT', 'echo $$$$ $$PORT'],
  ])('kubelet expansion escaped in %j', (text, expected) => {
    expect(escapeKubeletExpansion(text)).toBe(expected);
  });

  it.each([
    ['${HOME} $x', '$${HOME} $$x'],
    ['pa$$', 'pa$$$$'],
  ])('compose interpolation escaped in %j', (text, expected) => {
    expect(escapeInterpolation(text)).toBe(expected);
  });

  it.each([
    ['clock_1', 'clock-1'],
    ['My App', 'my-app'],
    ['--web--', 'web'],
    ['___', ''],
    ['a'.repeat(70), 'a'.repeat(63)],
  ])('DNS-1123 label of %j', (name, expected) => {
    expect(toDnsLabel(name)).toBe(expected);
    if (expected !== '') expect(isDnsLabel(expected)).toBe(true);
  });

  it.each([
    ['SECRET_KEY', 'x', true],
    ['API_TOKEN', 'x', true],
    ['DB_PASSWORD', 'x', true],
    ['DATABASE_URL', 'postgres://u:p@h/db', true],
    ['REDIS_URL', 'redis://localhost:6379', false],
    ['GREETING', 'hello', false],
    ['KEYBOARD', 'us', false],
  ])('%s looks secret: %s', (key, value, expected) => {
    expect(looksSecret(key, value)).toBe(expected);
  });
});
