/** `formation.*`: the formation as it runs now, written for another engine. */
import { exportLiveFormation } from '../../export/live-export';
import type { AreaHandlers, HostScope } from './call-handler';
import { HostCallError } from './call-handler';

export function formationCalls(host: HostScope): AreaHandlers<'formation'> {
  return {
    'formation.export': async ({ format }) => {
      const session = host.session();
      // The live formation: the sliders and policies as the supervisor holds them now.
      const exported = await exportLiveFormation(format, {
        files: session.files,
        types: session.supervisor.typeSnapshots(),
        graceMs: session.snapshot().graceMs,
        processEnv: host.services.processEnv,
      });
      if (!exported.ok) throw new HostCallError('failed', exported.error);
      return exported.value;
    },
  };
}
