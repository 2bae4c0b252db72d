/** `formation.*`: the formation as it runs now, written for another engine (and, on the desktop, saved to a folder). */
import type { ExportFormat, FormationExport } from '../../../shared/contract';
import { exportLiveFormation } from '../../core/export/live-export';
import type { AreaHandlers, HostScope } from './call-handler';
import { HostCallError } from './call-handler';

export function formationCalls(host: HostScope): AreaHandlers<'formation'> {
  return {
    'formation.export': ({ format }) => exportLive(host, format),
    'formation.exportToFolder': async ({ format }) => {
      const save = host.services.saveExport;
      if (!save)
        throw new HostCallError(
          'unsupported',
          'this host cannot save to a folder; download the export as a zip instead',
        );
      const saved = await save(await exportLive(host, format));
      if (!saved.ok) throw new HostCallError('failed', saved.error);
      return saved.value;
    },
  };
}

/** The live formation: the sliders and policies as the supervisor holds them now. */
async function exportLive(host: HostScope, format: ExportFormat): Promise<FormationExport> {
  const session = host.session();
  const exported = await exportLiveFormation(format, {
    files: session.files,
    formation: session.formation,
    processEnv: host.services.processEnv,
  });
  if (!exported.ok) throw new HostCallError('failed', exported.error);
  return exported.value;
}
