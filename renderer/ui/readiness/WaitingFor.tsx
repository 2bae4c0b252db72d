/**
 * Why a waiting instance has not started: the instances it waits for, each a link to its
 * row, and what they lack (`not listening on 5100 yet`, `db has scale 0`, `db.1 failed to start`).
 */
import type { InstanceId, InstanceState } from '../../../shared/model';
import { InstanceLink } from './InstanceLink';

export function WaitingFor({ id, state }: { id: InstanceId; state: Extract<InstanceState, { kind: 'waiting' }> }) {
  return (
    <span className="state-detail waiting-for">
      {state.for.length > 0 && ' for '}
      {state.for.map((blocker, i) => (
        <span key={blocker}>
          {i > 0 && ', '}
          <InstanceLink id={blocker} from={id} why="waits for it" />
        </span>
      ))}
      <span className="waiting-reason"> · {state.reason}</span>
    </span>
  );
}
