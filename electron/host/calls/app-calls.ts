/** `app.*`: what the host is and can do. */
import type { AreaHandlers, HostScope } from './call-handler';
import { HostCallError } from './call-handler';

export function appCalls(host: HostScope): AreaHandlers<'app'> {
  return {
    'app.info': () => host.services.info,
    'app.recentProjects': () => host.services.recentProjects(),
    'app.pickFolder': () => {
      const pick = host.services.pickFolder;
      if (!pick) throw new HostCallError('unsupported', 'this host has no folder picker');
      return pick();
    },
  };
}
