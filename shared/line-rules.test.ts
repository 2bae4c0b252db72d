import { describe, expect, it } from 'vitest';
import { finalRedraw, readableLine, type ColourRule } from './line-rules';

describe('finalRedraw', () => {
  it.each([
    ['plain', 'plain'],
    ['10%\r50%\r100%', '100%'],
    ['line end\r', 'line end'],
    ['a\rb\r\r', 'b'],
    ['\r', ''],
  ])('%j shows %j', (input, output) => {
    expect(finalRedraw(input)).toBe(output);
  });
});

describe('readableLine', () => {
  const cases: [input: string, keepColours: string, dropColours: string][] = [
    ['plain text', 'plain text', 'plain text'],
    ['keeps \x1b[1;32mcolours\x1b[0m', 'keeps \x1b[1;32mcolours\x1b[0m', 'keeps colours'],
    ['drops \x1b[2Jclears and \x1b[10;5Hmoves', 'drops clears and moves', 'drops clears and moves'],
    ['drops \x1b]0;evil title\x07titles', 'drops titles', 'drops titles'],
    ['drops \x1b]52;c;ZXZpbA==\x07clipboard writes', 'drops clipboard writes', 'drops clipboard writes'],
    ['drops \x1b]8;;https://x.example\x07links\x1b]8;;\x07', 'drops links', 'drops links'],
    ['\u001b]0;title\u0007a\u001b]8;;http://x\u001b\\link\u001b]8;;\u001b\\', 'alink', 'alink'],
    ['10%\r50%\r100%', '100%', '100%'],
    ['line end\r', 'line end', 'line end'],
    ['bell\x07 and backspace\x08', 'bell and backspace', 'bell and backspace'],
    ['tab\tstays', 'tab\tstays', 'tab\tstays'],
    ['a cut-off escape \x1b[3', 'a cut-off escape ', 'a cut-off escape '],
    ['a cut-off title \x1b]0;half', 'a cut-off title ', 'a cut-off title '],
    ['charset \x1b(Bselection and \x1b=keypad', 'charset selection and keypad', 'charset selection and keypad'],
    ['a lone escape \x1b', 'a lone escape ', 'a lone escape '],
    ['C1 \u009b2Jcsi and \u009d0;t\u0007osc', 'C1 2Jcsi and 0;tosc', 'C1 2Jcsi and 0;tosc'],
    ['\x1b[31mred\x1b[0m\r', '\x1b[31mred\x1b[0m', 'red'],
    ['unicode € and 日本 stay', 'unicode € and 日本 stay', 'unicode € and 日本 stay'],
  ];
  it.each(cases)('%j', (input, keep, drop) => {
    const rules: [ColourRule, string][] = [
      ['keep-colours', keep],
      ['drop-colours', drop],
    ];
    for (const [rule, output] of rules) expect(readableLine(input, rule), rule).toBe(output);
  });

  it('leaves no escape or control character whatever the input', () => {
    // Every pair of a control or escape-ish character with a printable one, as one line.
    const specials = ['\x1b', '\x07', '\x9b', '\x9d', '\r', '\x00', '\x7f', '[', ']', ';', 'm', '\\'];
    let line = '';
    for (const a of specials) for (const b of specials) line += a + b + 'x';
    const dropped = readableLine(line, 'drop-colours');
    expect(dropped).not.toMatch(/[\x00-\x08\x0a-\x1f\x7f-\x9f]/);
    expect(readableLine(line, 'keep-colours').replace(/\x1b\[[0-9;:?<=>]*m/g, '')).not.toMatch(
      /[\x00-\x08\x0a-\x1f\x7f-\x9f]/,
    );
  });
});
