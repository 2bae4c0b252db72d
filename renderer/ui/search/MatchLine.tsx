/** A matching line, its matches highlighted, its control sequences dropped. */
import { readableLine } from '../../../shared/line-rules';
import type { SearchMatch } from '../../../shared/contract';
import { matchSegments } from './search-results';

export function MatchLine({ match }: { match: Pick<SearchMatch, 'text' | 'ranges' | 'clipped'> }) {
  return (
    <span className="match-line">
      {match.clipped && '…'}
      {matchSegments(match).map(([text, isMatch], i) =>
        isMatch ? (
          <mark key={i}>{readableLine(text, 'drop-colours')}</mark>
        ) : (
          <span key={i}>{readableLine(text, 'drop-colours')}</span>
        ),
      )}
      {match.clipped && '…'}
    </span>
  );
}
