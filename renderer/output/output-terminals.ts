/** What the output path needs of the terminals (the TerminalRegistry; a fake in tests). */
import type { TerminalId } from '../store/view';

export interface OutputTerminals {
  /** Writes to the view's terminal (creating it if needed); `done` runs once xterm has processed it. */
  write(viewId: TerminalId, data: string | Uint8Array, done?: () => void): void;
  /** Forgets a terminal and its content. */
  dispose(viewId: TerminalId): void;
  /** Empties a terminal but keeps it. */
  reset(viewId: TerminalId): void;
  views(): TerminalId[];
}
