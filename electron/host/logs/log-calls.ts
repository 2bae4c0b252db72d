/**
 * `log.open` (workbench, issue 13): "Full log" in the desktop app hands an instance's log
 * file to the user's default viewer (`shell.openPath`), after a click. The path never
 * crosses the contract; the web view downloads instead (`output.logHandle`).
 */
import type { AreaHandlers, HostScope } from '../calls/call-handler';
import { HostCallError } from '../calls/call-handler';

export function logCalls(host: HostScope): AreaHandlers<'log'> {
  return {
    'log.open': async ({ instance, stream }) => {
      const open = host.services.openLogFile;
      if (!open) throw new HostCallError('unsupported', 'this host downloads full logs instead (output.logHandle)');
      const runner = host.instance(instance);
      const wanted = stream === 'stderr' ? '.stderr.log' : null;
      const file = runner.logFiles.find((f) => (wanted ? f.endsWith(wanted) : !f.endsWith('.stderr.log')));
      if (!file) throw new HostCallError('not-found', `${instance} has written no ${stream ?? 'output'} log yet`);
      await open(file);
      return null;
    },
  };
}
