/**
 * An instance's CPU and memory, summed over its whole process tree, with the last
 * 60 seconds as a sparkline and a warning when memory grew past its first minute's.
 */
import { useShallow } from 'zustand/react/shallow';
import type { InstanceId } from '../../../shared/model';
import { formatBytes } from '../../output/format-bytes';
import { formatCpu, sparklinePoints, typeTotals } from './observations';
import { useObservations, useObserved } from './observations-store';
import '../../styles/resources.css';

const WIDTH = 60;
const HEIGHT = 16;

export function InstanceResources({ id }: { id: InstanceId }) {
  const observed = useObserved(id);
  if (!observed) {
    return (
      <td className="instance-resources dim" aria-label={`Resources of ${id}`}>
        —
      </td>
    );
  }
  const { latest, history } = observed;
  const warning = latest.warnings.find((w) => w.includes('memory grew'));
  const processes = `${latest.processes} process${latest.processes === 1 ? '' : 'es'}`;
  return (
    <td
      className="instance-resources"
      aria-label={`Resources of ${id}`}
      title={`CPU and memory of ${id}'s tree (${processes}), last 60 s`}
    >
      <span className="cpu">{formatCpu(latest.cpuPercent)}</span>
      <span className="memory">{formatBytes(latest.rssBytes)}</span>
      <svg className="sparkline" width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true">
        <polyline
          className="spark-memory"
          points={sparklinePoints(history, (s) => s.rssBytes, latest.at, WIDTH, HEIGHT)}
        />
        <polyline
          className="spark-cpu"
          points={sparklinePoints(history, (s) => s.cpuPercent, latest.at, WIDTH, HEIGHT)}
        />
      </svg>
      {warning && (
        <span className="memory-warning" role="note" title={warning}>
          ⚠
        </span>
      )}
    </td>
  );
}

/** A type's totals for its pane header: CPU and memory summed over its live instances. */
export function TypeResources({ type }: { type: string }) {
  // A new object every call: compared by its fields, or every store change would render again.
  const totals = useObservations(useShallow((s) => typeTotals(s.observations, type)));
  if (!totals) return null;
  return (
    <span className="type-resources" aria-label={`Resources of ${type}`} title={`All instances of ${type}`}>
      {formatCpu(totals.cpuPercent)} · {formatBytes(totals.rssBytes)}
    </span>
  );
}
