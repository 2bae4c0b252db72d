/**
 * Opening a project runs its Procfile, so in the desktop app a folder may be opened only
 * when the user chose it: the folder dialog, a drop (its path resolved by the preload from
 * the dropped File, which a page cannot forge), the command line, a second launch's
 * hand-over, macOS open-file, or the recent list. Anything else the page asks for (a path
 * typed into the welcome screen, a file: URL it navigates to) needs a native confirmation
 * first (desktop-shell.ts).
 *
 * Folders are compared by their real path, so a symlink or `..` cannot turn a granted
 * folder into another one, and a folder granted under one name is granted under all.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';

/** The real path of an existing folder or file, or null. */
export function realPathOf(path: string): string | null {
  try {
    return realpathSync.native(resolve(path));
  } catch {
    return null;
  }
}

export interface GrantSources {
  /** Folders of the recent list (the user opened each of them before). */
  recent(): readonly string[];
  realPath?(path: string): string | null;
}

export class GrantedFolders {
  private readonly granted = new Set<string>();
  private readonly realPath: (path: string) => string | null;

  constructor(private readonly sources: GrantSources) {
    this.realPath = sources.realPath ?? realPathOf;
  }

  /** The user chose `dir` (dialog, drop, command line…). A folder that does not exist grants nothing. */
  grant(dir: string): void {
    const real = this.realPath(dir);
    if (real) this.granted.add(real);
  }

  isGranted(dir: string): boolean {
    const real = this.realPath(dir);
    if (!real) return false;
    if (this.granted.has(real)) return true;
    return this.sources.recent().some((recent) => this.realPath(recent) === real);
  }
}
