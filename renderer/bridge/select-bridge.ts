/**
 * Picks the transport: the preload's `window.procdeck` inside Electron, else the
 * WebSocket of `procdeck serve`.
 */
import type { ProcdeckApi } from '../../shared/preload-api';
import type { Bridge } from './bridge';
import { createIpcBridge } from './ipc-bridge';
import { pageAddress, takePageToken } from './page-token';
import { createWebSocketBridge } from './websocket-bridge';

declare global {
  interface Window {
    readonly procdeck?: ProcdeckApi;
  }
}

export function selectBridge(win: Window): Bridge {
  return win.procdeck
    ? createIpcBridge(win.procdeck)
    : createWebSocketBridge(win.location, takePageToken(pageAddress(win)));
}
