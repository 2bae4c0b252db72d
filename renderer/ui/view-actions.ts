/** What the toolbar's buttons and the shortcuts both do to the view on screen: one home for each. */
import type { InstanceId } from '../../shared/model';
import { stampedViewId, type ViewId } from '../store/view';
import type { Services } from './services';

/** Clear: empties the view's terminals (an instance's own and its stamped one); the host keeps every byte. */
export function clearView(services: Pick<Services, 'terminals' | 'hub'>, view: ViewId): void {
  services.terminals.clear(view);
  if (view !== 'merged') services.terminals.clear(stampedViewId(view.slice('instance:'.length) as InstanceId));
  services.hub.cleared(view);
}
