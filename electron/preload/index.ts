/**
 * The preload: exposes the contract (shared/preload-api.ts) to the sandboxed renderer.
 *
 * The only file in the renderer process that touches `ipcRenderer`. It forwards a call's
 * (or a one-way notification's) name and parameters as they are: the main process validates them, so nothing here
 * needs to be trusted. The Electron event object never reaches the page.
 *
 * Dropped files: the page hands over the DOM File objects; their paths are resolved here
 * (webUtils.getPathForFile) and sent to main, which opens them as projects.
 *
 * Events that arrive before the page subscribes (main attaches the page when it has
 * loaded, and sends the snapshot at once) are held, boundedly, and handed to the first
 * listener, so the snapshot-then-events order survives any page start-up timing.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { EventMessage } from '../../shared/contract';
import {
  IPC_CALL_CHANNEL,
  IPC_DROP_CHANNEL,
  IPC_EVENT_CHANNEL,
  IPC_NOTIFY_CHANNEL,
  type ProcdeckApi,
} from '../../shared/preload-api';
import { pathsOfDroppedFiles } from './drop-paths';

const MAX_HELD = 10_000;
const listeners = new Set<(message: EventMessage) => void>();
let held: EventMessage[] | null = [];

ipcRenderer.on(IPC_EVENT_CHANNEL, (_event, message: EventMessage) => {
  if (held) {
    if (held.length < MAX_HELD) held.push(message);
    return;
  }
  for (const listener of listeners) listener(message);
});

const api: ProcdeckApi = {
  call: (name, params) => ipcRenderer.invoke(IPC_CALL_CHANNEL, name, params),
  notify: (name, params) => ipcRenderer.send(IPC_NOTIFY_CHANNEL, name, params),
  onEvent(listener) {
    listeners.add(listener);
    const early = held;
    held = null;
    for (const message of early ?? []) listener(message);
    return () => {
      listeners.delete(listener);
    };
  },
  async dropFiles(files) {
    // Only here can a dropped File become a path; the page never sees it.
    const paths = pathsOfDroppedFiles(files, (file: File) => webUtils.getPathForFile(file));
    if (paths.length > 0) await ipcRenderer.invoke(IPC_DROP_CHANNEL, paths);
  },
};

contextBridge.exposeInMainWorld('procdeck', api);
