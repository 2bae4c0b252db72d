import { describe, expect, it } from 'vitest';
import { installFolderDrop } from './folder-drop';

/** A drag event as the DOM dispatches it: cancelable, with a dataTransfer. */
function drag(type: 'dragover' | 'drop', types: string[], files: unknown[]) {
  const event = new Event(type, { cancelable: true }) as Event & { dataTransfer: unknown };
  event.dataTransfer = { types, files, dropEffect: 'none' };
  return event;
}

describe('folders dropped on the desktop app', () => {
  it('takes a file drop (no navigation, no new tab) and hands the File objects to the preload', () => {
    const target = new EventTarget();
    const handed: unknown[][] = [];
    const uninstall = installFolderDrop(target, { dropFiles: (files) => (handed.push([...files]), Promise.resolve()) });
    const file = { name: 'app' };
    const over = drag('dragover', ['Files'], [file]);
    target.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    const drop = drag('drop', ['Files'], [file]);
    target.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    expect(handed).toEqual([[file]]);
    uninstall();
    target.dispatchEvent(drag('drop', ['Files'], [file]));
    expect(handed).toHaveLength(1);
  });

  it('leaves other drags alone (text dragged inside the page)', () => {
    const target = new EventTarget();
    const handed: unknown[] = [];
    installFolderDrop(target, { dropFiles: (files) => (handed.push(files), Promise.resolve()) });
    const drop = drag('drop', ['text/plain'], []);
    target.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(false);
    expect(handed).toEqual([]);
  });
});
