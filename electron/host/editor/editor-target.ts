/**
 * Whether a path from the output may be opened in the editor: only an existing regular file
 * inside the project folder, symlinks resolved (a link inside pointing out is outside).
 * A `file://` URL and a relative path (the project's) both arrive here; never throws.
 */
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type EditorTargetCheck =
  { readonly ok: true; readonly file: string } | { readonly ok: false; readonly reason: string };

export async function checkEditorTarget(projectDir: string, reference: string): Promise<EditorTargetCheck> {
  let path: string;
  try {
    path = reference.startsWith('file:') ? fileURLToPath(reference) : reference;
  } catch {
    return { ok: false, reason: `not a file URL: ${reference.slice(0, 200)}` };
  }
  const wanted = isAbsolute(path) ? path : resolve(projectDir, path);
  let root: string;
  let real: string;
  try {
    [root, real] = await Promise.all([realpath(projectDir), realpath(wanted)]);
  } catch {
    return { ok: false, reason: `no such file in the project: ${path.slice(0, 500)}` };
  }
  const inside = relative(root, real);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside))
    return { ok: false, reason: `only files inside the project folder open in the editor: ${path.slice(0, 500)}` };
  const info = await stat(real).catch(() => null);
  if (!info?.isFile()) return { ok: false, reason: `not a file: ${path.slice(0, 500)}` };
  return { ok: true, file: real };
}
