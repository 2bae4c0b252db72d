/**
 * supervisord: one `[program:APP-TYPE-N]` per instance and a `[group:APP]`, in one
 * `APP.conf` for `/etc/supervisor/conf.d/`.
 *
 * Programs are app-prefixed so two apps share one supervisord. Each runs
 * `/bin/sh -c '…'` so shell syntax and `$PORT` work, and stops as a process group, as
 * Procdeck stops an instance's tree. Values `environment=` cannot carry go to `APP.env`
 * beside the conf, which the command sources from `%(here)s` (the conf's own folder).
 */
import { assertNever, type ExitPolicy } from '../../../../shared/model';
import { DEFAULT_BACKOFF } from '../../instance/backoff';
import type { ExportFile, ExportModel, WriterResult } from '../export-model';
import { HERE, commandWord, escapePercent, inlineAssignment, shellExport, sourceWord } from './supervisord-escape';

export function writeSupervisord(model: ExportModel): WriterResult {
  const { app } = model;
  const envFile = `${app}.env`;
  const viaFile = new Map<string, string>();
  for (const [key, value] of Object.entries(model.env)) {
    if (inlineAssignment(key, value) !== null) continue;
    const line = shellExport(key, value);
    if (line === null)
      return {
        ok: false,
        error: `supervisord cannot carry the variable '${key}': not a shell name, and its value needs the environment file`,
      };
    viaFile.set(key, line);
  }
  const uncarried = [model.root, ...model.types.map((t) => t.command)].find((text) => text.includes(HERE));
  if (uncarried !== undefined)
    return {
      ok: false,
      error: `supervisord replaces the text ${HERE} in every setting: it cannot carry '${uncarried}'`,
    };
  const sections: string[] = [`; ${app}: exported by Procdeck. Install: see the lines procdeck printed.`];
  const programs: string[] = [];
  for (const type of model.types) {
    for (const instance of type.instances) {
      const name = `${app}-${type.name}-${instance.index}`;
      programs.push(name);
      const inline = Object.entries(instance.env).flatMap(([key, value]) => {
        const assignment = viaFile.has(key) ? null : inlineAssignment(key, value);
        return assignment === null ? [] : [assignment];
      });
      const lines = [
        `[program:${name}]`,
        // One shell word for `sh -c`: shlex joins the quoted pieces.
        `command=/bin/sh -c ${viaFile.size > 0 ? sourceWord(envFile) : ''}${commandWord(type.command)}`,
        `directory=${escapePercent(model.root)}`,
        `environment=${inline.join(',')}`,
        ...(model.user !== null ? [`user=${escapePercent(model.user)}`] : []),
        'autostart=true',
        `autorestart=${autorestart(type.policy)}`,
        `startsecs=1`,
        `startretries=${DEFAULT_BACKOFF.maxFailedStarts}`,
        `stopsignal=${model.stopSignal.replace(/^SIG/, '')}`,
        `stopwaitsecs=${model.graceSeconds}`,
        'stopasgroup=true',
        'killasgroup=true',
        `stdout_logfile=${escapePercent(`${model.logDir}/${instance.id}.log`)}`,
        `stderr_logfile=${escapePercent(`${model.logDir}/${instance.id}.error.log`)}`,
      ];
      sections.push(lines.join('\n'));
    }
  }
  sections.push(`[group:${app}]\nprograms=${programs.join(',')}`);
  const files: ExportFile[] = [{ path: `${app}.conf`, text: `${sections.join('\n\n')}\n` }];
  const notes: string[] = [];
  if (viaFile.size > 0) {
    files.push({
      path: envFile,
      text: `# Sourced by ${app}.conf's commands: values supervisord's environment= would alter.\n${[...viaFile.values()].join('\n')}\n`,
    });
    notes.push(
      `${[...viaFile.keys()].join(', ')}: through ${envFile} (supervisord's environment= would alter these values); keep it beside ${app}.conf`,
    );
  }
  const stopAll = model.types.filter((t) => t.policy === 'stop-all').map((t) => t.name);
  if (stopAll.length > 0)
    notes.push(
      `stop-all (${stopAll.join(', ')}) has no supervisord equivalent: those programs are not restarted, the rest keep running`,
    );
  return {
    ok: true,
    output: {
      files,
      notes,
      install: [
        `sudo mkdir -p ${model.logDir}`,
        `sudo cp DIR/${app}.conf${viaFile.size > 0 ? ` DIR/${envFile}` : ''} /etc/supervisor/conf.d/`,
        'sudo supervisorctl reread && sudo supervisorctl update',
        `sudo supervisorctl status '${app}:*'`,
      ],
    },
  };
}

function autorestart(policy: ExitPolicy): string {
  switch (policy) {
    case 'restart':
      return 'true';
    case 'keep':
    case 'stop-all':
      return 'false';
    default:
      return assertNever(policy, 'exit policy');
  }
}
