/**
 * Folders dropped on the desktop app's window open as projects. The page takes the drop
 * (so Chromium does not turn it into a new tab for the file: URL, which main would have to
 * question) and hands the dropped File objects to the preload, which alone can resolve
 * their paths (webUtils.getPathForFile). In a browser tab there is no preload and nothing
 * is installed: a browser cannot tell a page where a dropped folder lives.
 */
import type { ProcdeckApi } from '../../shared/preload-api';

/** The slice of a DragEvent this needs (the real one satisfies it). */
export interface FileDrag {
  readonly dataTransfer: {
    readonly types: readonly string[];
    readonly files: ArrayLike<unknown>;
    dropEffect: string;
  } | null;
  preventDefault(): void;
}

const carriesFiles = (event: FileDrag) => event.dataTransfer?.types.includes('Files') ?? false;

/** Installs the drop handlers on `target`; returns the uninstall. */
export function installFolderDrop(
  target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>,
  api: Pick<ProcdeckApi, 'dropFiles'>,
): () => void {
  const over = (event: Event) => {
    const drag = event as unknown as FileDrag;
    if (!carriesFiles(drag)) return;
    drag.preventDefault();
    if (drag.dataTransfer) drag.dataTransfer.dropEffect = 'copy';
  };
  const drop = (event: Event) => {
    const drag = event as unknown as FileDrag;
    if (!carriesFiles(drag) || !drag.dataTransfer) return;
    drag.preventDefault();
    void api.dropFiles(Array.from(drag.dataTransfer.files)).catch(() => undefined);
  };
  target.addEventListener('dragover', over);
  target.addEventListener('drop', drop);
  return () => {
    target.removeEventListener('dragover', over);
    target.removeEventListener('drop', drop);
  };
}
