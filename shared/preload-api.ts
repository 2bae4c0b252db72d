/**
 * What the Electron preload exposes to the renderer as `window.procdeck`: the contract's
 * calls and events, and nothing else (never `ipcRenderer` itself).
 */
import type {
  CallName,
  CallParams,
  CallResult,
  CallResultValue,
  EventMessage,
  NotificationName,
  NotificationParams,
} from './contract';

export interface ProcdeckApi {
  call<K extends CallName>(name: K, params: CallParams<K>): Promise<CallResult<CallResultValue<K>>>;
  /** A one-way message (`ipcRenderer.send`): nothing comes back, not even an error. */
  notify<K extends NotificationName>(name: K, params: NotificationParams<K>): void;
  /** Every pushed event, in order; returns the unsubscribe function. */
  onEvent(listener: (message: EventMessage) => void): () => void;
  /**
   * Files or folders dropped on the page (the DOM's `File` objects, from the drop event's
   * dataTransfer). The preload resolves their paths with `webUtils.getPathForFile`, which
   * only a real dropped or picked file has, and the main process opens them as projects.
   */
  dropFiles(files: readonly unknown[]): Promise<void>;
}

/** IPC channel for calls (`ipcRenderer.invoke` → `ipcMain.handle`). */
export const IPC_CALL_CHANNEL = 'procdeck:call';
/** IPC channel for one-way notifications (`ipcRenderer.send` → `ipcMain.on`): no reply. */
export const IPC_NOTIFY_CHANNEL = 'procdeck:notify';
/** IPC channel for pushed events (`webContents.send` → `ipcRenderer.on`). */
export const IPC_EVENT_CHANNEL = 'procdeck:event';
/** IPC channel for dropped files' paths (`ipcRenderer.invoke` → `ipcMain.handle`), from the preload only. */
export const IPC_DROP_CHANNEL = 'procdeck:drop';
