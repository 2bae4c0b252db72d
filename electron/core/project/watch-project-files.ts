/**
 * Watches a project's Procfile and env files, debounced.
 *
 * The directory is watched, not the files: editors save by writing a temporary file and
 * renaming it over the original, which a watch on the old file would never see.
 */
import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface FileWatch {
  close(): void;
}

export function watchProjectFiles(
  dir: string,
  files: readonly string[],
  debounceMs: number,
  onChange: () => void,
): FileWatch {
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | null = null;
  const byDir = new Map<string, Set<string>>();
  for (const file of files) {
    const d = dirname(file);
    const names = byDir.get(d) ?? new Set<string>();
    names.add(basename(file));
    byDir.set(d, names);
  }
  if (!byDir.has(dir)) byDir.set(dir, new Set());
  for (const [d, names] of byDir) {
    try {
      const watcher = watch(d, { persistent: false }, (_event, name) => {
        if (name !== null && !names.has(name.toString())) return;
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => {
          timer = null;
          onChange();
        }, debounceMs);
      });
      watcher.on('error', () => undefined);
      watchers.push(watcher);
    } catch {
      // A directory that cannot be watched (gone, no permission): no live reload for it.
    }
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
