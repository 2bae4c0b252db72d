/**
 * The dashboard's keyboard shortcuts: which key does what, and when a key is not ours.
 *
 * Pure, so the rules are a table test: the help dialog lists SHORTCUTS (one home for the
 * keys and their words), and `shortcutOf` decides for one key press where focus is.
 */
import { assertNever } from '../../../shared/model';

export type ShortcutAction =
  | 'next-instance'
  | 'previous-instance'
  | 'restart'
  | 'stop'
  | 'start'
  | 'focus-search'
  | 'clear'
  | 'toggle-follow'
  | 'toggle-timestamps'
  | 'help';

/**
 * Where the key press happens, as far as shortcuts care.
 * - `typing`: a text field, a select, a slider, or a terminal whose instance takes keys:
 *   every key belongs to it.
 * - `dialog`: inside a modal dialog (the help dialog handles its own Escape).
 * - `control`: a button, link or disclosure: Enter and Space press it.
 * - `page`: anywhere else, including a terminal that takes no keys.
 */
export type FocusKind = 'typing' | 'dialog' | 'control' | 'page';

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

export interface Shortcut {
  readonly action: ShortcutAction;
  /** The keys as the help dialog shows them. */
  readonly keys: readonly string[];
  readonly does: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'next-instance', keys: ['j', '↓'], does: 'Show the next instance' },
  { action: 'previous-instance', keys: ['k', '↑'], does: 'Show the previous instance' },
  { action: 'restart', keys: ['r'], does: 'Restart the instance on screen' },
  { action: 'stop', keys: ['s'], does: 'Stop the instance on screen' },
  { action: 'start', keys: ['Enter'], does: 'Start the instance on screen' },
  { action: 'focus-search', keys: ['/'], does: 'Search the output on screen' },
  { action: 'clear', keys: ['Ctrl+K', '⌘K'], does: 'Clear the terminal on screen (the host keeps the output)' },
  { action: 'toggle-follow', keys: ['f'], does: 'Follow new output, or hold the view still' },
  { action: 'toggle-timestamps', keys: ['t'], does: 'Show or hide when each line arrived, in the view on screen' },
  { action: 'help', keys: ['?'], does: 'Show these shortcuts' },
];

/** Keys pressed without Ctrl, ⌘ or Alt (Shift only where the character needs it). */
const PLAIN_KEYS: Readonly<Record<string, ShortcutAction>> = {
  j: 'next-instance',
  ArrowDown: 'next-instance',
  k: 'previous-instance',
  ArrowUp: 'previous-instance',
  r: 'restart',
  s: 'stop',
  Enter: 'start',
  '/': 'focus-search',
  f: 'toggle-follow',
  t: 'toggle-timestamps',
  '?': 'help',
};

/** The shortcut a key press means where focus is, or null when the key is not ours. */
export function shortcutOf(press: KeyPress, focus: FocusKind): ShortcutAction | null {
  switch (focus) {
    case 'typing':
    case 'dialog':
      return null;
    case 'control':
      if (press.key === 'Enter' || press.key === ' ') return null;
      return keyAction(press);
    case 'page':
      return keyAction(press);
    default:
      return assertNever(focus, 'focus kind');
  }
}

function keyAction(press: KeyPress): ShortcutAction | null {
  if (press.altKey) return null;
  const command = press.ctrlKey || press.metaKey;
  if (command) return !press.shiftKey && press.key.toLowerCase() === 'k' ? 'clear' : null;
  const action = PLAIN_KEYS[press.key];
  if (!action) return null;
  // The key is the character typed, so `?` and `/` match whatever Shift their layout needs
  // (a Shift+letter is an upper-case key, not in the map); Shift+Enter and Shift+arrows select.
  if (press.shiftKey && (press.key === 'Enter' || press.key.startsWith('Arrow'))) return null;
  return action;
}
