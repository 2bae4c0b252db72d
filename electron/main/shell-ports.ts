/**
 * The Electron objects the shell uses, narrowed to what it calls. The real `BrowserWindow`
 * and `webContents` satisfy these interfaces (index.ts passes them, and `tsc` checks that
 * against electron.d.ts); the tests hand in fakes of the same shape (test/electron/FAKES.md).
 *
 * Electron destroys a window's webContents, then the window, before it emits 'closed';
 * from then on every property of either (`id`, `webContents` included) throws "Object has
 * been destroyed". Only `isDestroyed()` and the event-emitter methods stay usable, so the
 * shell keeps whatever it needs later (the ids) from construction.
 */
import type { EventSink } from './ipc-bridge';
import type { GuardedContents, NavigationEvent } from './window-factory';

export type { WindowOpenDetails } from './window-factory';

export interface PreventableEvent {
  preventDefault(): void;
}

export interface ShellContents extends EventSink, Pick<GuardedContents, 'setWindowOpenHandler'> {
  readonly id: number;
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-redirect', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
  on(event: 'did-navigate', listener: (event: unknown, url: string) => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: { readonly reason: string }) => void): unknown;
  on(
    event: 'before-mouse-event',
    listener: (event: unknown, mouse: { readonly type: string; readonly button?: string | undefined }) => void,
  ): unknown;
  on(
    event: 'before-input-event',
    listener: (event: unknown, input: { readonly type: string; readonly key: string }) => void,
  ): unknown;
  reload(): void;
}

export interface ShellWindow {
  readonly id: number;
  readonly webContents: ShellContents;
  on(event: 'close', listener: (event: PreventableEvent) => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  on(event: 'focus', listener: () => void): unknown;
  on(event: 'resize', listener: () => void): unknown;
  on(event: 'move', listener: () => void): unknown;
  on(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'page-title-updated', listener: (event: PreventableEvent, title: string) => void): unknown;
  loadURL(url: string): Promise<void>;
  show(): void;
  focus(): void;
  restore(): void;
  maximize(): void;
  close(): void;
  isMinimized(): boolean;
  isFocused(): boolean;
  isDestroyed(): boolean;
  isMaximized(): boolean;
  setTitle(title: string): void;
  setProgressBar(progress: number): void;
  getNormalBounds(): { x: number; y: number; width: number; height: number };
  setBackgroundColor(color: string): void;
}
