/**
 * Opening a project is a capability, not a string: every `project.open` (and every open
 * the host itself starts) is checked here before anything stops or starts.
 *
 * Two layers:
 * - rules every host applies (open-request.ts): the folder and the Procfile are resolved
 *   through symlinks; the Procfile must be named like one (`Procfile`, `Procfile.dev`,
 *   `Procfile-worker`, never a dotfile or a `.log`), be a regular file inside the folder,
 *   and neither may lie in the host's own log or state folders;
 * - an OpenPolicy the host plugs in, which decides whether this folder may be opened.
 *   `procdeck serve` builds one from DIR and `--allow-open` roots (`folderRootsPolicy`);
 *   the desktop app builds one from the folders the user granted (dialog, drop, command
 *   line, recent list) and answers `needs-confirmation` for a path typed into the page,
 *   which the host then passes to its `confirmOpen` with the Procfile's commands.
 */
import { realpath } from 'node:fs/promises';
import { sep } from 'node:path';

/** Who asked: the host itself (its command line, a native dialog, a drop) or the view (a contract call). */
export type OpenSource = 'host' | 'view';

export interface OpenRequest {
  /** The project folder, absolute, symlinks resolved. */
  readonly dir: string;
  /** The Procfile's file name (`Procfile`, `Procfile.dev`). */
  readonly procfile: string;
  readonly source: OpenSource;
}

export type OpenDecision =
  | { readonly kind: 'allowed' }
  | { readonly kind: 'refused'; readonly reason: string }
  /** Ask the user (the host's `confirmOpen`); without a way to ask, refused. */
  | { readonly kind: 'needs-confirmation' };

export type OpenPolicy = (request: OpenRequest) => OpenDecision | Promise<OpenDecision>;

/** What a host shows when it asks the user to confirm an open. */
export interface OpenConfirmation {
  readonly dir: string;
  readonly procfile: string;
  /** The Procfile's entries as they would run. */
  readonly commands: readonly { readonly name: string; readonly command: string }[];
}

export const ALLOWED: OpenDecision = { kind: 'allowed' };

/**
 * `procdeck serve`'s rule: a folder may be opened when it is one of `roots` or lies below
 * one (after resolving symlinks on both sides). Roots that do not exist are ignored.
 */
export async function folderRootsPolicy(roots: readonly string[]): Promise<OpenPolicy> {
  const real = (await Promise.all(roots.map((r) => realpath(r).catch(() => null)))).filter(
    (r): r is string => r !== null,
  );
  return (request) =>
    real.some((root) => isWithin(request.dir, root))
      ? ALLOWED
      : {
          kind: 'refused',
          reason: `${request.dir} is outside the folders this server may open (${real.join(', ') || 'none'}); start procdeck serve with --allow-open ${request.dir} to allow it`,
        };
}

/** `path` is `root` or lies below it (both absolute and resolved). */
export function isWithin(path: string, root: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}
