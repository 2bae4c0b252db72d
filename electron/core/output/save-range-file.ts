/**
 * Save range… in the desktop app: the file the user picked in a native save dialog gets
 * the range's text. The host supplies the asking; this decides the rules: only an absolute
 * path (what a native dialog answers), written whole, a failure said with the path.
 */
import { writeFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';

/** Asks where to save (null: the user cancelled), writes `text` there; resolves with the path, null when cancelled. */
export async function saveRangeFile(chooseFile: () => Promise<string | null>, text: string): Promise<string | null> {
  const path = await chooseFile();
  if (path === null) return null;
  if (!isAbsolute(path)) throw new Error(`the file to save to must be an absolute path, not ${JSON.stringify(path)}`);
  try {
    await writeFile(path, text, { encoding: 'utf8', mode: 0o644 });
  } catch (error) {
    throw new Error(`could not write ${path}: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  return path;
}
