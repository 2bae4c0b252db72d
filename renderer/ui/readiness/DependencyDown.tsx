/**
 * The "dependency down" mark of a running instance whose dependency is not ready while it
 * keeps running (its type does not cascade): which instances, each a link to its row.
 */
import { downDependencies } from '../../../shared/dependencies';
import type { InstanceId, InstanceSnapshot } from '../../../shared/model';
import { useDashboard } from '../services';
import { InstanceLink } from './InstanceLink';

export function DependencyDown({ instance }: { instance: InstanceSnapshot }) {
  // A string, so the row renders again only when the answer changes.
  const down = useDashboard((s) => downDependencies(instance, s.types, s.instances.values()).join(' '));
  if (!down) return null;
  const ids = down.split(' ') as InstanceId[];
  return (
    <span className="dependency-down" role="note" aria-label={`Dependency down: ${ids.join(', ')}`}>
      ⚠ dependency down:{' '}
      {ids.map((blocker, i) => (
        <span key={blocker}>
          {i > 0 && ', '}
          <InstanceLink id={blocker} from={instance.id} why="runs after it" />
        </span>
      ))}
    </span>
  );
}
