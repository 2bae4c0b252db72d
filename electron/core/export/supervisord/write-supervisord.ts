/**
 * supervisord: one `[program:APP-TYPE-N]` per instance and a `[group:APP]`, in one
 * `APP.conf` for `/etc/supervisor/conf.d/`.
 *
 * Programs are app-prefixed so two apps share one supervisord. Each runs
 * `/bin/sh -c '…'` so shell syntax and `$PORT` work, and stops as a process group, as
 * Procdeck stops an instance's tree. Values `environment=` cannot carry go to `APP.env`
 * beside the conf, which the command sources from `%(here)s` (the conf's own folder);
 * a type whose procdeck.yaml env changes what must be sourced gets its own `APP-TYPE.env`.
 * Each program carries its type's stop signal and grace, and `after` becomes `priority`.
 */
import { assertNever, type ExitPolicy } from '../../../../shared/model';
import { DEFAULT_BACKOFF } from '../../instance/backoff';
import type { EnvValues } from '../../env/parse-env';
import type { ExportFile, ExportModel, WriterResult } from '../export-model';
import { HERE, commandWord, escapePercent, inlineAssignment, shellExport, sourceWord } from './supervisord-escape';

export function writeSupervisord(model: ExportModel): WriterResult {
  const { app } = model;
  const appFile = viaFile(model.env);
  if (!appFile.ok) return appFile;
  // A type whose own env changes what must be sourced gets its own file: one shared file would override it.
  const files = new Map<string, ReadonlyMap<string, string>>();
  const fileOf = new Map<string, { name: string; lines: ReadonlyMap<string, string> }>();
  for (const type of model.types) {
    const own = viaFile(type.env);
    if (!own.ok) return own;
    const name = sameLines(own.lines, appFile.lines) ? `${app}.env` : `${app}-${type.name}.env`;
    fileOf.set(type.name, { name, lines: own.lines });
    if (own.lines.size > 0 && type.instances.length > 0) files.set(name, own.lines);
  }
  const uncarried = [model.root, ...model.types.map((t) => t.command)].find((text) => text.includes(HERE));
  if (uncarried !== undefined)
    return {
      ok: false,
      error: `supervisord replaces the text ${HERE} in every setting: it cannot carry '${uncarried}'`,
    };
  const ordered = model.types.some((t) => t.after.length > 0);
  const sections: string[] = [
    [
      `; ${app}: exported by Procdeck. Install: see the lines procdeck printed.`,
      ...(ordered ? ORDER_COMMENT.map((l) => `; ${l}`) : []),
    ].join('\n'),
  ];
  const programs: { name: string; stage: number }[] = [];
  for (const type of model.types) {
    const sourced = fileOf.get(type.name) ?? { name: `${app}.env`, lines: new Map() };
    for (const instance of type.instances) {
      const name = `${app}-${type.name}-${instance.index}`;
      programs.push({ name, stage: type.stage });
      const inline = Object.entries(instance.env).flatMap(([key, value]) => {
        const assignment = sourced.lines.has(key) ? null : inlineAssignment(key, value);
        return assignment === null ? [] : [assignment];
      });
      const lines = [
        `[program:${name}]`,
        // One shell word for `sh -c`: shlex joins the quoted pieces.
        `command=/bin/sh -c ${sourced.lines.size > 0 ? sourceWord(sourced.name) : ''}${commandWord(type.command)}`,
        `directory=${escapePercent(model.root)}`,
        `environment=${inline.join(',')}`,
        ...(model.user !== null ? [`user=${escapePercent(model.user)}`] : []),
        ...(ordered ? [`priority=${priorityOf(type.stage)}`] : []),
        'autostart=true',
        `autorestart=${autorestart(type.policy)}`,
        `startsecs=1`,
        `startretries=${DEFAULT_BACKOFF.maxFailedStarts}`,
        `stopsignal=${type.stopSignal.replace(/^SIG/, '')}`,
        `stopwaitsecs=${type.graceSeconds}`,
        'stopasgroup=true',
        'killasgroup=true',
        `stdout_logfile=${escapePercent(`${model.logDir}/${instance.id}.log`)}`,
        `stderr_logfile=${escapePercent(`${model.logDir}/${instance.id}.error.log`)}`,
      ];
      sections.push(lines.join('\n'));
    }
  }
  // supervisord starts a group's programs in the order of programs= (priority= only sorts stops and `start all`).
  const inStartOrder = [...programs].sort((a, b) => a.stage - b.stage).map((p) => p.name);
  sections.push(`[group:${app}]\nprograms=${inStartOrder.join(',')}`);
  const written: ExportFile[] = [{ path: `${app}.conf`, text: `${sections.join('\n\n')}\n` }];
  const notes: string[] = [];
  for (const [name, lines] of files) {
    written.push({
      path: name,
      text: `# Sourced by ${app}.conf's commands: values supervisord's environment= would alter.\n${[...lines.values()].join('\n')}\n`,
    });
    notes.push(
      `${[...lines.keys()].join(', ')}: through ${name} (supervisord's environment= would alter these values); keep it beside ${app}.conf`,
    );
  }
  if (ordered)
    notes.push(
      'after: programs start in start order (programs=, priority=), without waiting for readiness; see the comment in the conf',
    );
  const stopAll = model.types.filter((t) => t.policy === 'stop-all').map((t) => t.name);
  if (stopAll.length > 0)
    notes.push(
      `stop-all (${stopAll.join(', ')}) has no supervisord equivalent: those programs are not restarted, the rest keep running`,
    );
  return {
    ok: true,
    output: {
      files: written,
      notes,
      install: [
        `sudo mkdir -p ${model.logDir}`,
        `sudo cp ${written.map((f) => `DIR/${f.path}`).join(' ')} /etc/supervisor/conf.d/`,
        'sudo supervisorctl reread && sudo supervisorctl update',
        `sudo supervisorctl status '${app}:*'`,
      ],
    },
  };
}

/** Why `priority=` is only an order, written at the top of the conf. */
const ORDER_COMMENT = [
  "procdeck.yaml's after: became the order of the group's programs= (the order supervisord",
  'starts them in) and priority= (lower first for `start all`; stops run in reverse). It is an',
  'order only: supervisord starts the next program without waiting for the one before to be',
  'ready (startsecs= only says how long a process must stay up to count as started), so a',
  'program must retry until what it needs answers.',
];

/** One step of 100 per start stage, below supervisord's default of 999. */
function priorityOf(stage: number): number {
  return 100 * (stage + 1);
}

/** The `export` lines for the values `environment=` cannot carry, by key. */
function viaFile(env: EnvValues): { ok: true; lines: ReadonlyMap<string, string> } | { ok: false; error: string } {
  const lines = new Map<string, string>();
  for (const [key, value] of Object.entries(env)) {
    if (inlineAssignment(key, value) !== null) continue;
    const line = shellExport(key, value);
    if (line === null)
      return {
        ok: false,
        error: `supervisord cannot carry the variable '${key}': not a shell name, and its value needs the environment file`,
      };
    lines.set(key, line);
  }
  return { ok: true, lines };
}

function sameLines(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  return a.size === b.size && [...a].every(([key, line]) => b.get(key) === line);
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
