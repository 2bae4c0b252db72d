/**
 * "Instances…" in the merged view's bar: tick the instances "All output" shows (Tilt's and
 * Overmind's "logs of these processes"). Nothing ticked away: every instance, new ones too.
 */
import { useShallow } from 'zustand/react/shallow';
import { toggledSubset } from '../../output/merged-selection';
import { orderedInstances } from '../../store/host-state';
import { useDashboard } from '../services';

export function MergedInstancePicker() {
  const all = useDashboard(useShallow((s) => orderedInstances(s).map((i) => i.id)));
  const subset = useDashboard((s) => s.mergedInstances);
  const setSubset = useDashboard((s) => s.setMergedInstances);
  return (
    <details className="open-other merged-instances">
      <summary aria-label="Choose instances for all output">
        {subset === null ? 'Instances…' : `${subset.length} of ${all.length} instances…`}
      </summary>
      <div className="popover">
        <fieldset aria-label="Instances in all output">
          {all.map((id) => (
            <label key={id} className="merged-instance">
              <input
                type="checkbox"
                checked={subset === null || subset.includes(id)}
                onChange={() => setSubset(toggledSubset(all, subset, id))}
              />{' '}
              {id}
            </label>
          ))}
        </fieldset>
        <button type="button" disabled={subset === null} onClick={() => setSubset(null)}>
          All instances
        </button>
      </div>
    </details>
  );
}
