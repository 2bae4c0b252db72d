/**
 * The page's one keydown listener for shortcuts: classifies where focus is, asks the
 * keymap, and performs the action with the same calls and registry methods the buttons use.
 *
 * Capture phase, so a key we act on (only where no field or terminal takes it) is not also
 * handed to xterm; every other key goes on untouched.
 */
import { useEffect } from 'react';
import type { InstanceId } from '../../../shared/model';
import { orderedInstances } from '../../store/host-state';
import { shownTerminal, viewIdOf } from '../../store/view';
import { runCall, useServices, type Services } from '../services';
import { assertNever } from '../../../shared/model';
import { clearView } from '../view-actions';
import { focusKind } from './focus-kind';
import { shortcutOf, type ShortcutAction } from './keymap';
import { neighbour } from './neighbour';

export function useShortcuts(openHelp: () => void): void {
  const services = useServices();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing) return;
      const state = services.store.getState();
      if (!state.project) return;
      const action = shortcutOf(
        event,
        focusKind(document.activeElement, (id) => state.instances.get(id)),
      );
      if (!action) return;
      // Holding j walks down the list; holding r must not restart twenty times.
      if (event.repeat && action !== 'next-instance' && action !== 'previous-instance') {
        event.preventDefault();
        return;
      }
      event.preventDefault();
      event.stopPropagation();
      perform(services, action, openHelp);
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [services, openHelp]);
}

function perform(services: Services, action: ShortcutAction, openHelp: () => void): void {
  const state = services.store.getState();
  const shown = state.view.kind === 'instance' ? state.view.id : null;
  const viewId = viewIdOf(state.view);
  switch (action) {
    case 'next-instance':
    case 'previous-instance': {
      const ids = orderedInstances(state).map((i) => i.id);
      const to = neighbour(ids, shown, action === 'next-instance' ? 'next' : 'previous');
      if (to) {
        state.show(to);
        revealRow(to);
      }
      return;
    }
    case 'restart':
    case 'stop':
    case 'start': {
      if (!shown) {
        state.notify({
          level: 'info',
          message: `Pick an instance first (j/k or a click): ${action} acts on the instance on screen`,
          at: Date.now(),
        });
        return;
      }
      const target = { scope: 'instance', instance: shown } as const;
      const call = action === 'restart' ? 'process.restart' : action === 'stop' ? 'process.stop' : 'process.start';
      void runCall(services, call, { target });
      return;
    }
    case 'focus-search':
      document.querySelector<HTMLInputElement>('input[aria-label="Search output"]')?.focus();
      return;
    case 'clear':
      clearView(services, viewId);
      return;
    case 'toggle-follow': {
      const shownId = shownTerminal(state.view, state.timestamps.has(viewId));
      services.terminals.setFollowing(shownId, !services.terminals.isFollowing(shownId));
      return;
    }
    case 'toggle-timestamps':
      state.toggleTimestamps(viewId);
      return;
    case 'help':
      openHelp();
      return;
    default:
      assertNever(action, 'shortcut');
  }
}

/** Keeps the newly shown instance's row on screen in a long list of panes. */
function revealRow(id: InstanceId): void {
  document.querySelector(`tr.instance[aria-label="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest' });
}
