/**
 * `process.*`: start, stop, restart and signal instances. Stop and restart answer at once;
 * their progress arrives as instance events.
 */
import type { AreaHandlers, HostScope } from './call-handler';
import { HostCallError } from './call-handler';

export function processCalls(host: HostScope): AreaHandlers<'process'> {
  return {
    'process.start': ({ target }) => {
      host.session().supervisor.start(target);
      return null;
    },
    'process.stop': ({ target }) => {
      void host.session().supervisor.stop(target);
      return null;
    },
    'process.restart': ({ target }) => {
      void host.session().supervisor.restart(target);
      return null;
    },
    'process.signal': ({ instance, signal }) => {
      if (!host.instance(instance).signal(signal)) throw new HostCallError('failed', `${instance} is not running`);
      return null;
    },
  };
}
