/**
 * The paths of a drop, as the preload hands them over: a short list of absolute paths.
 * Anything else is refused whole (a page cannot reach this channel; a compromised
 * renderer could, and gets nothing it could not type into the folder dialog).
 */
import { isAbsolute } from 'node:path';

export const MAX_DROPPED = 16;
const MAX_PATH = 4096;

export function droppedPaths(value: unknown): string[] | null {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_DROPPED) return null;
  const paths: string[] = [];
  for (const item of value) {
    if (
      typeof item !== 'string' ||
      item.length === 0 ||
      item.length > MAX_PATH ||
      item.includes('\0') ||
      !isAbsolute(item)
    )
      return null;
    paths.push(item);
  }
  return paths;
}
