/**
 * launchd: one property list per instance, for `~/Library/LaunchAgents`.
 *
 * Built with the `plist` package, so XML escaping is the library's. ProgramArguments is
 * `/bin/sh -c COMMAND`, never the command split on spaces (Foreman's mistake).
 *
 * launchd has no start order and no readiness: procdeck.yaml's `after` and `ready` do
 * not carry over, and a comment in each dependent's plist says so. Its `stop` grace becomes
 * ExitTimeOut; launchd always stops with SIGTERM.
 */
// plist is CommonJS: Node's ESM loader offers only its default export.
import plist, { type PlistObject } from 'plist';
import { assertNever, type ExitPolicy } from '../../../../shared/model';
import type { ExportFile, ExportInstance, ExportModel, ExportType, WriterResult } from '../export-model';

/** XML 1.0 cannot hold C0 controls other than tab, line feed and carriage return. */
const NOT_XML = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/;

export function launchdLabel(model: ExportModel, instance: ExportInstance): string {
  return `local.procdeck.${model.app}.${instance.id}`;
}

export function launchdJob(model: ExportModel, type: ExportType, instance: ExportInstance): PlistObject {
  return {
    Label: launchdLabel(model, instance),
    ProgramArguments: ['/bin/sh', '-c', type.command],
    WorkingDirectory: model.root,
    EnvironmentVariables: { ...instance.env },
    RunAtLoad: true,
    KeepAlive: keepAlive(type.policy),
    // launchd waits this long after SIGTERM before SIGKILL.
    ExitTimeOut: type.graceSeconds,
    ThrottleInterval: 1,
    StandardOutPath: `${model.logDir}/${instance.id}.log`,
    StandardErrorPath: `${model.logDir}/${instance.id}.error.log`,
    ...(model.user !== null ? { UserName: model.user } : {}),
  };
}

export function writeLaunchd(model: ExportModel): WriterResult {
  for (const [key, value] of model.types.flatMap((t) => Object.entries(t.env))) {
    if (NOT_XML.test(key) || NOT_XML.test(value))
      return {
        ok: false,
        error: `launchd cannot carry '${key}': XML property lists cannot hold its control characters`,
      };
  }
  const files: ExportFile[] = [];
  for (const type of model.types) {
    for (const instance of type.instances) {
      files.push({
        path: `${launchdLabel(model, instance)}.plist`,
        text: withComment(plist.build(launchdJob(model, type, instance)), orderComment(type)),
      });
    }
  }
  const notes: string[] = [];
  const otherSignals = model.types.filter((t) => t.stopSignal !== 'SIGTERM');
  if (otherSignals.length > 0)
    notes.push(
      `launchd always stops with SIGTERM; ${otherSignals.map((t) => `${t.name}'s ${t.stopSignal}`).join(', ')} does not carry over`,
    );
  const ordered = model.types.filter((t) => t.after.length > 0).map((t) => t.name);
  if (ordered.length > 0)
    notes.push(
      `after (${ordered.join(', ')}): launchd has no start order and no readiness; every job starts at once and must retry until its dependencies answer`,
    );
  const stopAll = model.types.filter((t) => t.policy === 'stop-all').map((t) => t.name);
  if (stopAll.length > 0)
    notes.push(`stop-all (${stopAll.join(', ')}) has no launchd equivalent: those jobs are not restarted`);
  return {
    ok: true,
    output: {
      files,
      notes,
      install: [
        `mkdir -p ${model.logDir} ~/Library/LaunchAgents`,
        'cp DIR/*.plist ~/Library/LaunchAgents/',
        `for f in ~/Library/LaunchAgents/local.procdeck.${model.app}.*.plist; do launchctl bootstrap gui/$(id -u) "$f"; done`,
        `launchctl list | grep local.procdeck.${model.app}`,
      ],
    },
  };
}

/** Why the start order is missing, for the plist of a type that has one; empty otherwise. */
function orderComment(type: ExportType): string {
  if (type.after.length === 0) return '';
  return (
    `procdeck.yaml: ${type.name} starts after ${type.after.join(', ')}, once they are ready. launchd has no ` +
    'start order between jobs and no readiness check: it starts every job at once, so this one must retry ' +
    'until what it needs answers.'
  );
}

/** The plist with an XML comment after its DOCTYPE (a comment may not hold two dashes in a row). */
function withComment(xml: string, comment: string): string {
  if (comment === '') return xml;
  const safe = comment.replace(/-{2,}/g, (dashes) => dashes.split('').join(' '));
  return xml.replace(/<!DOCTYPE[^>]*>\n/, (doctype) => `${doctype}<!-- ${safe} -->\n`);
}

function keepAlive(policy: ExitPolicy): boolean {
  switch (policy) {
    case 'restart':
      return true;
    case 'keep':
    case 'stop-all':
      return false;
    default:
      return assertNever(policy, 'exit policy');
  }
}
