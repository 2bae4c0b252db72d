/**
 * Output lines with their `file.js:42` and `file:///…` references as buttons that open the
 * file in the user's editor (the host checks it is inside the project), on a click only.
 */
import { Fragment } from 'react';
import { editorOpenParams, findFileReferences } from '../../../shared/file-references';
import { useCall } from '../services';

export function LinkedLines({ lines }: { lines: readonly string[] }) {
  const call = useCall();
  return (
    <>
      {lines.map((line, i) => {
        const parts: React.ReactNode[] = [];
        let at = 0;
        for (const ref of findFileReferences(line)) {
          parts.push(line.slice(at, ref.start));
          const text = line.slice(ref.start, ref.end);
          parts.push(
            <button
              key={ref.start}
              type="button"
              className="file-link"
              title={`Open ${text} in your editor`}
              onClick={() => void call('editor.open', editorOpenParams(ref))}
            >
              {text}
            </button>,
          );
          at = ref.end;
        }
        parts.push(line.slice(at));
        return (
          <Fragment key={i}>
            {i > 0 && '\n'}
            {parts}
          </Fragment>
        );
      })}
    </>
  );
}
