import { describe, expect, it } from 'vitest';
import { LogHandles } from '../../host/log-handles';
import { OpenCodes } from './open-codes';
import { FAILURE_BUDGET, ServeGuard } from './serve-guard';
import { stateBase } from './private-state';

describe('ServeGuard', () => {
  it('throttles wrong tokens per source and never refuses the right one', () => {
    const guard = new ServeGuard(() => 1234, null, 'right-token');
    for (let i = 0; i < FAILURE_BUDGET; i++) expect(guard.check(`wrong-${i}`, 'a')).toBe('wrong');
    expect(guard.check('wrong', 'a')).toBe('throttled');
    expect(guard.check('right-token', 'a')).toBe('ok');
    expect(guard.check('wrong', 'b')).toBe('wrong');
    expect(guard.check(null, 'a')).toBe('throttled');
  });

  it('accepts session tokens it handed out, and nothing like them', () => {
    const guard = new ServeGuard(() => 1234, null);
    const session = guard.addSessionToken();
    expect(session).not.toBe(guard.token);
    expect(guard.check(session, 'a')).toBe('ok');
    expect(guard.check(`${session}x`, 'a')).toBe('wrong');
  });

  it('reads a bearer header before ?token=, and ignores malformed headers', () => {
    const guard = new ServeGuard(() => 1, null);
    expect(guard.tokenOf(new URLSearchParams('token=q'), 'Bearer h')).toBe('h');
    expect(guard.tokenOf(new URLSearchParams('token=q'), 'Basic xyz')).toBe('q');
    expect(guard.tokenOf(new URLSearchParams(''), undefined)).toBeNull();
  });

  it('answers to our host names only', () => {
    const guard = new ServeGuard(() => 80, null);
    expect(guard.hostAllowed('127.0.0.1:80')).toBe(true);
    expect(guard.hostAllowed('LOCALHOST:80')).toBe(true);
    expect(guard.hostAllowed('127.0.0.1:81')).toBe(false);
    expect(guard.hostAllowed('[')).toBe(false);
    expect(guard.hostAllowed(undefined)).toBe(false);
  });
});

describe('single-use codes and handles', () => {
  it('an open code works once and only for a minute', () => {
    const codes = new OpenCodes();
    const code = codes.issue(0);
    expect(codes.redeem('nope', 1)).toBe(false);
    expect(codes.redeem(code, 1)).toBe(true);
    expect(codes.redeem(code, 2)).toBe(false);
    const late = codes.issue(0);
    expect(codes.redeem(late, 60_001)).toBe(false);
  });

  it('a log handle works once and only for a minute', () => {
    const handles = new LogHandles<string>();
    const h = handles.issue('web.1', 0);
    expect(handles.redeem(h, 1)).toBe('web.1');
    expect(handles.redeem(h, 2)).toBeUndefined();
    const late = handles.issue('web.1', 0);
    expect(handles.redeem(late, 60_000)).toBeUndefined();
  });
});

describe('stateBase', () => {
  it.each([
    [{ XDG_STATE_HOME: '/s', XDG_RUNTIME_DIR: '/r' }, '/s'],
    [{ XDG_STATE_HOME: 'relative', XDG_RUNTIME_DIR: '/r' }, '/r'],
    [{ XDG_STATE_HOME: '', XDG_RUNTIME_DIR: '' }, '/home/u/.local/state'],
    [{}, '/home/u/.local/state'],
  ])('%j → %s', (env, expected) => {
    expect(stateBase(env, '/home/u')).toBe(expected);
  });
});
