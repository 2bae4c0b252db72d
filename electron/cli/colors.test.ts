import { describe, expect, it } from 'vitest';
import { useColor } from './colors';

describe('useColor', () => {
  it.each([
    [undefined, {}, true, true],
    [undefined, {}, false, false],
    [false, {}, true, false],
    [true, {}, false, true],
    [undefined, { NO_COLOR: '1' }, true, false],
    [undefined, { NO_COLOR: '' }, true, true],
    [undefined, { FORCE_COLOR: '1' }, false, true],
    [undefined, { FORCE_COLOR: '0' }, true, false],
    [true, { NO_COLOR: '1' }, false, true],
  ] as const)('flag %s, env %j, tty %s → %s', (flag, env, tty, expected) => {
    expect(useColor(flag, env, tty)).toBe(expected);
  });
});
