/**
 * xterm links for `file.js:42` and `file:///…` references in the output (shared/file-references.ts):
 * underlined on hover, opened only on a click, through the host (which keeps them inside
 * the project). One buffer line at a time; a reference wrapped across lines is not a link.
 */
import type { ILink, ILinkProvider, Terminal } from '@xterm/xterm';
import { findFileReferences, type FileReference } from '../../shared/file-references';

export function fileLinkProvider(term: Terminal, open: (ref: FileReference) => void): ILinkProvider {
  return {
    provideLinks(y, callback) {
      const text = term.buffer.active.getLine(y - 1)?.translateToString(true) ?? '';
      const links: ILink[] = findFileReferences(text).map((ref) => ({
        range: { start: { x: ref.start + 1, y }, end: { x: ref.end, y } },
        text: text.slice(ref.start, ref.end),
        activate: () => open(ref),
      }));
      callback(links.length > 0 ? links : undefined);
    },
  };
}
