/** `type.*`: a process type's scale and exit policy, remembered by the host. */
import type { AreaHandlers, HostScope } from './call-handler';

export function typeCalls(host: HostScope): AreaHandlers<'type'> {
  return {
    'type.scale': ({ type, count }) => {
      void host.session().setScale(type, count);
      host.remember();
      return null;
    },
    'type.setPolicy': ({ type, policy }) => {
      void host.session().setPolicy(type, policy);
      host.remember();
      return null;
    },
  };
}
