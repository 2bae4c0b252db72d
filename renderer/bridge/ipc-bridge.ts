/**
 * The bridge inside the desktop app: `window.procdeck`, exposed by the preload
 * (shared/preload-api.ts). IPC cannot drop, so the status is always open.
 */
import type { EventMessage } from '../../shared/contract';
import { isSafeExternalUrl } from '../../shared/links';
import type { ProcdeckApi } from '../../shared/preload-api';
import { failed, type Bridge } from './bridge';

export function createIpcBridge(api: ProcdeckApi): Bridge {
  return {
    transport: 'ipc',
    call: (name, params) =>
      api.call(name, params).catch((error: unknown) => failed(error instanceof Error ? error.message : String(error))),
    notify: (name, params) => api.notify(name, params),
    onEvent: (listener: (message: EventMessage) => void) => api.onEvent(listener),
    onStatus(listener) {
      listener({ kind: 'open', reconnected: false });
      return () => undefined;
    },
    logUrl: () => null,
    openExternal(url) {
      // The main process validates again and hands it to the system browser.
      if (isSafeExternalUrl(url)) void api.call('link.open', { url });
    },
    close: () => undefined,
  };
}
