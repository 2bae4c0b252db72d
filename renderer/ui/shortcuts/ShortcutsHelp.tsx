/**
 * The `?` dialog: every keyboard shortcut, from the keymap's own list, and the one rule
 * about when they do not fire. A native modal <dialog> (focus inside, Escape closes).
 */
import { useEffect, useId, useRef } from 'react';
import { SHORTCUTS } from './keymap';

export function ShortcutsHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="shortcuts-help" aria-labelledby={titleId} onClose={onClose}>
      <form method="dialog">
        <header>
          <h2 id={titleId}>Keyboard shortcuts</h2>
          <button type="submit" aria-label="Close" autoFocus>
            ✕
          </button>
        </header>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <th scope="row">
                  {s.keys.map((k, i) => (
                    <span key={k}>
                      {i > 0 && ' or '}
                      <kbd>{k}</kbd>
                    </span>
                  ))}
                </th>
                <td>{s.does}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="dim">
          They do not fire while you type in a field or in a terminal whose process takes keys; click outside it (or
          press Tab) first. Every action also has a button.
        </p>
      </form>
    </dialog>
  );
}
