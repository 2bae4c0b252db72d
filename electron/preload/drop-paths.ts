/**
 * The file-system paths of files dropped on the page. `getPathForFile` is Electron's
 * `webUtils.getPathForFile`: it throws for anything that is not a File and returns '' for
 * a File made in JavaScript (docs/api/web-utils.md), so a page can hand over only what the
 * user really dropped (or picked). Pure, so it is tested without Electron.
 */
export const MAX_DROPPED_FILES = 16;

export function pathsOfDroppedFiles(files: unknown, getPathForFile: (file: never) => string): string[] {
  if (!Array.isArray(files)) return [];
  const paths: string[] = [];
  for (const file of files.slice(0, MAX_DROPPED_FILES)) {
    let path: string;
    try {
      path = getPathForFile(file as never);
    } catch {
      continue;
    }
    if (typeof path === 'string' && path !== '') paths.push(path);
  }
  return paths;
}
