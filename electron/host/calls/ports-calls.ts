/**
 * `ports.*`: who holds an instance's PORT, and stopping that holder on the user's word.
 * The holder is read again at the moment of the call: the view's answer may be stale, and a
 * pid may have been reused, so nothing is signalled unless it is still the one the user saw.
 */
import { basename } from 'node:path';
import { pidOf } from '../../../shared/instance-state';
import { findPortHolder } from '../../core/observe/port-holder';
import type { AreaHandlers, HostScope } from './call-handler';
import { HostCallError } from './call-handler';

/** How long a stopped holder has to let go of the port before the call says it did not. */
const RELEASE_MS = 5000;

export function portsCalls(host: HostScope): AreaHandlers<'ports'> {
  return {
    'ports.holder': async ({ instance }) => findPortHolder(host.instance(instance).snapshot().port),
    'ports.stopHolder': async ({ instance, pid }) => {
      const runner = host.instance(instance);
      const { port } = runner.snapshot();
      const holder = await findPortHolder(port);
      if (!holder || holder.pid !== pid) throw new HostCallError('failed', `pid ${pid} no longer holds PORT ${port}`);
      if (!holder.ours) throw new HostCallError('refused', `pid ${pid} is not yours to stop`);
      const formation = host
        .session()
        .supervisor.instanceSnapshots()
        .map((i) => pidOf(i.state));
      if (formation.includes(pid)) throw new HostCallError('refused', `pid ${pid} is an instance of this formation`);
      try {
        process.kill(pid, 'SIGTERM');
      } catch (error) {
        throw new HostCallError('failed', `could not stop pid ${pid}: ${String(error)}`);
      }
      const deadline = Date.now() + RELEASE_MS;
      while ((await findPortHolder(port)) !== null) {
        if (Date.now() > deadline)
          throw new HostCallError('failed', `pid ${pid} still holds PORT ${port} after SIGTERM`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      host.session().supervisor.start({ scope: 'instance', instance });
      return null;
    },
    // ports2: two open projects whose ranges overlap (electron/host/ports/host-ports.ts).
    'ports.offer': async () => (host.current() ? host.ports.offer() : null),
    'ports.moveBase': async ({ basePort }) => {
      const { files } = host.session();
      try {
        host.ports.remember(files.dir, basePort);
      } catch (error) {
        throw new HostCallError('unsupported', (error as Error).message);
      }
      return host.openProject(files.dir, basename(files.procfile), 'host');
    },
  };
}
