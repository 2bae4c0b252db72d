/**
 * The typed wrapper around Electron IPC, and the only main-process file that touches
 * `ipcMain` or `webContents.send` (ESLint enforces it).
 *
 * Notifications: `ipcMain.on(IPC_NOTIFY_CHANNEL)` → the same call gate → the router; no
 * reply is sent (the page used `ipcRenderer.send`), a refused one is only logged.
 *
 * Calls: `ipcMain.handle(IPC_CALL_CHANNEL)` → the call gate (sender, arity, size) → the
 * router (which hands it to that window's ProjectHost, which validates the parameters
 * against the contract's schemas). The handler never throws: a refused or failing call is
 * answered with a typed `CallResult` error, and main keeps running whatever arrives.
 *
 * Events: `sendEvent` pushes one contract `EventMessage` to one window's page.
 */
import type { CallErrorCode, CallResult, EventMessage } from '../../shared/contract';
import { IPC_CALL_CHANNEL, IPC_DROP_CHANNEL, IPC_EVENT_CHANNEL, IPC_NOTIFY_CHANNEL } from '../../shared/preload-api';
import type { CallEvent, GateResult } from './call-gate';
import { droppedPaths } from './dropped-paths';

/** What we use of `ipcMain` (the real one satisfies it). */
export interface IpcMainPort {
  handle(channel: string, listener: (event: CallEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: CallEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: CallEvent, ...args: unknown[]) => void): unknown;
}

/** What we use of a window's `webContents` to push events. */
export interface EventSink {
  isDestroyed(): boolean;
  send(channel: string, ...args: unknown[]): void;
}

export interface CallHandlerOptions {
  readonly gate: (event: CallEvent, args: readonly unknown[]) => GateResult;
  readonly route: (event: CallEvent, name: unknown, params: unknown) => Promise<CallResult<unknown>>;
  /** A refused call, for the log (rate-limited by the caller if it wants). */
  readonly refused?: (reason: string, event: CallEvent) => void;
}

/** Installs the one call handler; returns its removal. */
export function registerCallHandler(ipcMain: IpcMainPort, options: CallHandlerOptions): () => void {
  ipcMain.handle(IPC_CALL_CHANNEL, async (event, ...args) => {
    try {
      const gated = options.gate(event, args);
      if (!gated.ok) {
        options.refused?.(gated.reason, event);
        return failure('invalid-request', `refused: ${gated.reason}`);
      }
      return await options.route(event, gated.name, gated.params);
    } catch (error) {
      return failure('failed', error instanceof Error ? error.message : String(error));
    }
  });
  return () => ipcMain.removeHandler(IPC_CALL_CHANNEL);
}

export interface NotificationHandlerOptions {
  readonly gate: CallHandlerOptions['gate'];
  readonly route: (event: CallEvent, name: unknown, params: unknown) => void;
  readonly refused?: CallHandlerOptions['refused'];
}

/** Installs the one notification listener; returns its removal. It never throws and never answers. */
export function registerNotificationHandler(ipcMain: IpcMainPort, options: NotificationHandlerOptions): () => void {
  const listener = (event: CallEvent, ...args: unknown[]): void => {
    try {
      const gated = options.gate(event, args);
      if (!gated.ok) return options.refused?.(gated.reason, event);
      options.route(event, gated.name, gated.params);
    } catch {
      // Nobody waits for an answer; main goes on.
    }
  };
  ipcMain.on(IPC_NOTIFY_CHANNEL, listener);
  return () => ipcMain.removeListener(IPC_NOTIFY_CHANNEL, listener);
}

export interface DropHandlerOptions {
  /** The same sender checks as a call (the arguments are checked here). */
  readonly gate: (event: CallEvent, args: readonly unknown[]) => GateResult;
  readonly dropped: (event: CallEvent, paths: readonly string[]) => void;
  readonly refused?: (reason: string, event: CallEvent) => void;
}

/** The preload's hand-over of dropped files' paths: sender-checked and shape-checked, never throwing. */
export function registerDropHandler(ipcMain: IpcMainPort, options: DropHandlerOptions): () => void {
  ipcMain.handle(IPC_DROP_CHANNEL, (event, ...args) => {
    const gated = options.gate(event, ['drop', args[0]]);
    const paths = gated.ok && args.length === 1 ? droppedPaths(args[0]) : null;
    if (!gated.ok || !paths) {
      const reason = gated.ok ? 'a drop carries one list of absolute paths' : gated.reason;
      options.refused?.(reason, event);
      return Promise.resolve(failure('invalid-request', `refused: ${reason}`));
    }
    options.dropped(event, paths);
    return Promise.resolve({ ok: true, value: null });
  });
  return () => ipcMain.removeHandler(IPC_DROP_CHANNEL);
}

/** Pushes one event to a page; false when the page is gone. */
export function sendEvent(contents: EventSink, message: EventMessage): boolean {
  if (contents.isDestroyed()) return false;
  contents.send(IPC_EVENT_CHANNEL, message);
  return true;
}

function failure(code: CallErrorCode, message: string): CallResult<never> {
  return { ok: false, error: { code, message } };
}
