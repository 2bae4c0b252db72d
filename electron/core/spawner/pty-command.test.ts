import { describe, expect, it } from 'vitest';
import { shieldedCommand } from './pty-command';

describe('shieldedCommand', () => {
  it.each([
    ['SIGTERM', "trap 'trap - TERM; kill -s TERM $$' TERM; node server.js"],
    ['SIGINT', "trap 'trap - INT; kill -s INT $$' INT; node server.js"],
    ['SIGUSR2', "trap 'trap - USR2; kill -s USR2 $$' USR2; node server.js"],
    ['SIGKILL', 'node server.js'],
    ['SIGSTOP', 'node server.js'],
  ] as const)('defers %s until the command has ended', (signal, expected) => {
    expect(shieldedCommand('node server.js', signal)).toBe(expected);
  });
});
