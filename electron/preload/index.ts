/**
 * The preload: exposes the contract (shared/preload-api.ts) to the sandboxed renderer.
 *
 * The only file in the renderer process that touches `ipcRenderer`. It forwards a call's
 * name and parameters as they are: the main process validates them, so nothing here
 * needs to be trusted. The Electron event object never reaches the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventMessage } from '../../shared/contract';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, type ProcdeckApi } from '../../shared/preload-api';

const api: ProcdeckApi = {
  call: (name, params) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, params),
  onEvent(listener) {
    const forward = (_event: IpcRendererEvent, message: EventMessage) => listener(message);
    ipcRenderer.on(IPC_EVENT_CHANNEL, forward);
    return () => {
      ipcRenderer.off(IPC_EVENT_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('procdeck', api);
