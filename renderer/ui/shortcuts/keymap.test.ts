import { describe, expect, it } from 'vitest';
import type { InstanceId } from '../../../shared/model';
import { SHORTCUTS, shortcutOf, type FocusKind, type KeyPress, type ShortcutAction } from './keymap';
import { neighbour } from './neighbour';

const press = (key: string, mods: Partial<Omit<KeyPress, 'key'>> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...mods,
});

describe('shortcutOf', () => {
  const table: [string, KeyPress, FocusKind, ShortcutAction | null][] = [
    ['j on the page', press('j'), 'page', 'next-instance'],
    ['ArrowDown on the page', press('ArrowDown'), 'page', 'next-instance'],
    ['k', press('k'), 'page', 'previous-instance'],
    ['ArrowUp', press('ArrowUp'), 'page', 'previous-instance'],
    ['r', press('r'), 'page', 'restart'],
    ['s', press('s'), 'page', 'stop'],
    ['Enter', press('Enter'), 'page', 'start'],
    ['/', press('/'), 'page', 'focus-search'],
    ['/ typed with Shift (a layout that needs it)', press('/', { shiftKey: true }), 'page', 'focus-search'],
    ['f', press('f'), 'page', 'toggle-follow'],
    ['t', press('t'), 'page', 'toggle-timestamps'],
    ['Shift+T is not timestamps', press('T', { shiftKey: true }), 'page', null],
    ['t while typing', press('t'), 'typing', null],
    ['? (Shift+/)', press('?', { shiftKey: true }), 'page', 'help'],
    ['Ctrl+K', press('k', { ctrlKey: true }), 'page', 'clear'],
    ['⌘K', press('k', { metaKey: true }), 'page', 'clear'],
    ['Ctrl+K with Caps Lock', press('K', { ctrlKey: true }), 'page', 'clear'],
    ['Ctrl+Shift+K is not clear', press('K', { ctrlKey: true, shiftKey: true }), 'page', null],
    ['Ctrl+R stays the browser reload', press('r', { ctrlKey: true }), 'page', null],
    ['Alt+j', press('j', { altKey: true }), 'page', null],
    ['Shift+J', press('J', { shiftKey: true }), 'page', null],
    ['Shift+Enter', press('Enter', { shiftKey: true }), 'page', null],
    ['Shift+ArrowDown selects', press('ArrowDown', { shiftKey: true }), 'page', null],
    ['an unmapped key', press('x'), 'page', null],
    ['j while typing', press('j'), 'typing', null],
    ['Ctrl+K in a terminal that takes keys', press('k', { ctrlKey: true }), 'typing', null],
    ['? while typing', press('?', { shiftKey: true }), 'typing', null],
    ['r inside a dialog', press('r'), 'dialog', null],
    ['Enter on a button presses it', press('Enter'), 'control', null],
    ['Space on a button presses it', press(' '), 'control', null],
    ['j on a button', press('j'), 'control', 'next-instance'],
    ['r on a button', press('r'), 'control', 'restart'],
  ];
  it.each(table)('%s', (_what, key, focus, expected) => {
    expect(shortcutOf(key, focus)).toBe(expected);
  });

  it('lists every action in the help once', () => {
    const actions = SHORTCUTS.map((s) => s.action);
    expect(new Set(actions).size).toBe(actions.length);
    const reachable = new Set(table.map(([, , , a]) => a).filter((a) => a !== null));
    expect([...reachable].sort()).toEqual([...actions].sort());
  });
});

describe('neighbour', () => {
  const ids = ['web.1', 'web.2', 'worker.1'] as InstanceId[];
  const table: [string, InstanceId | null, 'next' | 'previous', InstanceId | null][] = [
    ['down from the merged view: the first', null, 'next', 'web.1'],
    ['up from the merged view: the last', null, 'previous', 'worker.1'],
    ['down', 'web.1' as InstanceId, 'next', 'web.2'],
    ['down across types', 'web.2' as InstanceId, 'next', 'worker.1'],
    ['down at the bottom stays', 'worker.1' as InstanceId, 'next', 'worker.1'],
    ['up at the top stays', 'web.1' as InstanceId, 'previous', 'web.1'],
    ['from an instance that is gone: the first', 'web.9' as InstanceId, 'next', 'web.1'],
  ];
  it.each(table)('%s', (_what, current, direction, expected) => {
    expect(neighbour(ids, current, direction)).toBe(expected);
  });

  it('nothing to move to when there are no instances', () => {
    expect(neighbour([], null, 'next')).toBeNull();
  });
});
