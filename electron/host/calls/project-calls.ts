/** `project.*`: which project is open, and its snapshot. */
import type { AreaHandlers, HostScope } from './call-handler';
import { HostCallError } from './call-handler';

export function projectCalls(host: HostScope): AreaHandlers<'project'> {
  return {
    'project.open': ({ dir, procfile }) => host.openProject(dir, procfile, 'view'),
    'project.selectProcfile': ({ procfile }) => {
      const session = host.session();
      if (!session.snapshot().procfiles.includes(procfile)) {
        throw new HostCallError('not-found', `no Procfile named '${procfile}' in ${session.files.dir}`);
      }
      return host.openProject(session.files.dir, procfile, 'view');
    },
    'project.reload': async () => {
      const session = host.session();
      await session.reload();
      return session.snapshot();
    },
    'project.snapshot': () => host.current()?.snapshot() ?? null,
  };
}
