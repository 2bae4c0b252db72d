/**
 * The full log at a search result whose line has left the terminal: an excerpt of the
 * log from the host (`search.readLog`), the matching line highlighted and scrolled into view.
 */
import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { readableLine } from '../../../shared/line-rules';
import { useServices } from '../services';
import { excerptLines } from './excerpt-lines';
import { MatchLine } from './MatchLine';

export function LogExcerptView() {
  const services = useServices();
  const shown = useStore(services.search, (s) => s.excerpt);
  const marked = useRef<HTMLLIElement>(null);
  useEffect(() => marked.current?.scrollIntoView({ block: 'center' }), [shown]);
  if (!shown) return null;
  const { match, excerpt } = shown;
  const lines = excerptLines(excerpt, match.offset);
  return (
    <section className="log-excerpt" aria-label={`Full log of ${match.instance}`}>
      <header>
        <strong>Full log of {match.instance}</strong>
        <span className="dim">
          {' '}
          bytes {excerpt.start}–{excerpt.end} of {excerpt.size}; this line is no longer in the terminal
        </span>
        <button type="button" className="link" onClick={() => services.search.getState().closeExcerpt()}>
          Close
        </button>
      </header>
      <ol>
        {lines.map((line) =>
          line.isMatch ? (
            <li key={line.offset} ref={marked} className="excerpt-match" aria-current="true">
              <MatchLine match={{ text: line.text, ranges: match.clipped ? [] : match.ranges, clipped: false }} />
            </li>
          ) : (
            <li key={line.offset}>{readableLine(line.text, 'drop-colours')}</li>
          ),
        )}
      </ol>
    </section>
  );
}
