/**
 * One format's files from the export model: the one switch over formats.
 */
import { assertNever } from '../../../shared/model';
import { writeCompose } from './compose/write-compose';
import type { ExportFormat, ExportModel, WriterResult } from './export-model';
import { writeKubernetes } from './kubernetes/write-kubernetes';
import { writeLaunchd } from './launchd/write-launchd';
import { writeSupervisord } from './supervisord/write-supervisord';
import { writeSystemd } from './systemd/write-systemd';

export function writeExport(format: ExportFormat, model: ExportModel): WriterResult {
  switch (format) {
    case 'systemd':
      return writeSystemd(model);
    case 'supervisord':
      return writeSupervisord(model);
    case 'kubernetes':
      return writeKubernetes(model);
    case 'compose':
      return writeCompose(model);
    case 'launchd':
      return writeLaunchd(model);
    default:
      return assertNever(format, 'export format');
  }
}
