/** `type.*`: a process type's scale and exit policy, remembered by the host. */
import type { AreaHandlers, HostScope } from './call-handler';

export function typeCalls(host: HostScope): AreaHandlers<'type'> {
  return {
    'type.scale': ({ type, count }) => {
      host.session().supervisor.scale(type, count);
      host.remember();
      return null;
    },
    'type.setPolicy': ({ type, policy }) => {
      host.session().setPolicy(type, policy);
      host.remember();
      return null;
    },
  };
}
