/**
 * Where a value of a parsed YAML document was written: a path of keys and indexes to a
 * 1-based line and column, so every problem found after parsing (by zod, by the start
 * order) can name its place in the file.
 */
import { isMap, isSeq, isScalar, type Document, type LineCounter, type Node } from 'yaml';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export type YamlPath = readonly PropertyKey[];

/**
 * The position of the value at `path`, or of its key when `key` is set (an unknown key is
 * best shown at the key itself). A path that leads nowhere stops at the deepest node found.
 */
export function positionOf(doc: Document, lines: LineCounter, path: YamlPath, key = false): Position {
  let node: unknown = doc.contents;
  let at: Node | null = isNode(node) ? node : null;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      if (last && key && isNode(pair.key)) {
        at = pair.key;
        break;
      }
      node = pair.value;
      if (isNode(node)) at = node;
      else if (isNode(pair.key)) at = pair.key;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (!isNode(node)) break;
      at = node;
    } else break;
  }
  const offset = at?.range?.[0] ?? 0;
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value);
}
