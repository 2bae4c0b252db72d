/**
 * systemd units: a target for the app, a target per process type, and one service per
 * instance.
 *
 * One unit per instance rather than a template (`APP-web@.service`): each instance's
 * PORT and PS are then plain `Environment=` lines that `systemctl show` displays, the
 * command runs as written (a template would compute PORT in a shell wrapper from `%i`),
 * and a smaller formation re-exported removes exactly the units it no longer has.
 * `systemctl start|stop APP.target` acts on the app, `APP-web.target` on one type.
 *
 * procdeck.yaml's `after` orders each instance after every instance of the types it names
 * (`After=`), pulled in with `Wants=` for `restart: independent` (a dependency that stops
 * leaves it running, as in Procdeck) or `Requires=` for `restart: cascade` (systemd then
 * stops or restarts it with the dependency). Type=simple counts a unit started once its
 * process runs, so the order is one of starts, not of readiness: the unit says so.
 */
import { assertNever, type ExitPolicy } from '../../../../shared/model';
import { DEFAULT_BACKOFF } from '../../instance/backoff';
import type { ExportFile, ExportInstance, ExportModel, ExportType, WriterResult } from '../export-model';
import { dependencies } from '../export-readiness';
import { commandWord, environmentWord, escapeSpecifiers } from './systemd-escape';

export function writeSystemd(model: ExportModel): WriterResult {
  const files: ExportFile[] = [];
  const notes: string[] = [];
  const { app } = model;
  const bound = model.types
    .filter((t) => t.policy === 'stop-all')
    .flatMap((t) => t.instances.map((i) => serviceName(app, t, i)));
  files.push({ path: `${app}.target`, text: appTarget(model, bound) });
  for (const type of model.types) {
    files.push({ path: `${app}-${type.name}.target`, text: typeTarget(model, type) });
    for (const instance of type.instances)
      files.push({ path: serviceName(app, type, instance), text: service(model, type, instance) });
  }
  if (bound.length > 0)
    notes.push(`stop-all: ${app}.target is bound to ${bound.join(', ')}; when one exits, the whole app stops`);
  const user = model.systemdScope === 'user';
  const place = user ? '~/.config/systemd/user' : '/etc/systemd/system';
  const sudo = user ? '' : 'sudo ';
  const ctl = user ? 'systemctl --user' : 'sudo systemctl';
  return {
    ok: true,
    output: {
      files,
      notes,
      install: [
        ...(user ? [`mkdir -p ${place}`] : []),
        `${sudo}cp DIR/*.target DIR/*.service ${place}/`,
        `${ctl} daemon-reload`,
        `${ctl} enable --now ${app}.target`,
        `${ctl} status '${app}-*'          # one type: ${ctl} restart ${app}-TYPE.target`,
      ],
    },
  };
}

export function serviceName(app: string, type: ExportType, instance: ExportInstance): string {
  return `${app}-${type.name}.${instance.index}.service`;
}

function appTarget(model: ExportModel, bound: readonly string[]): string {
  const lines = [
    '[Unit]',
    `Description=${escapeSpecifiers(model.app)} (exported by Procdeck)`,
    `Wants=${model.types.map((t) => `${model.app}-${t.name}.target`).join(' ')}`,
  ];
  if (bound.length > 0) lines.push(`BindsTo=${bound.join(' ')}`, `After=${bound.join(' ')}`);
  lines.push('', '[Install]', `WantedBy=${model.systemdScope === 'user' ? 'default.target' : 'multi-user.target'}`);
  return `${lines.join('\n')}\n`;
}

function typeTarget(model: ExportModel, type: ExportType): string {
  const lines = [
    '[Unit]',
    `Description=${escapeSpecifiers(`${model.app} ${type.name}`)} (exported by Procdeck)`,
    `PartOf=${model.app}.target`,
  ];
  if (type.instances.length > 0)
    lines.push(`Wants=${type.instances.map((i) => serviceName(model.app, type, i)).join(' ')}`);
  return `${lines.join('\n')}\n`;
}

function service(model: ExportModel, type: ExportType, instance: ExportInstance): string {
  const unit = [
    '[Unit]',
    `Description=${escapeSpecifiers(`${model.app} ${instance.id}`)} (exported by Procdeck)`,
    `PartOf=${model.app}.target ${model.app}-${type.name}.target`,
    // Procdeck's crash loop: 5 failed starts in a row within a minute of healthy running.
    `StartLimitIntervalSec=${Math.round(DEFAULT_BACKOFF.healthyAfterMs / 1000)}`,
    `StartLimitBurst=${DEFAULT_BACKOFF.maxFailedStarts}`,
    ...orderLines(model, type),
  ];
  const serviceLines = ['[Service]', 'Type=simple'];
  if (model.systemdScope === 'system' && model.user !== null) serviceLines.push(`User=${escapeSpecifiers(model.user)}`);
  serviceLines.push(`WorkingDirectory=${escapeSpecifiers(model.root)}`);
  for (const [key, value] of Object.entries(instance.env))
    serviceLines.push(`Environment=${environmentWord(key, value)}`);
  serviceLines.push(
    `ExecStart=/bin/sh -c ${commandWord(type.command)}`,
    ...restartLines(type.policy),
    // The whole tree, as Procdeck's stop does (Foreman writes `mixed`, Honcho `process`).
    'KillMode=control-group',
    `KillSignal=${type.stopSignal}`,
    `TimeoutStopSec=${type.graceSeconds}`,
  );
  if (model.logDirGiven) {
    serviceLines.push(
      `StandardOutput=append:${escapeSpecifiers(`${model.logDir}/${instance.id}.log`)}`,
      `StandardError=append:${escapeSpecifiers(`${model.logDir}/${instance.id}.error.log`)}`,
    );
  }
  return `${unit.join('\n')}\n\n${serviceLines.join('\n')}\n`;
}

/** `After=` and `Wants=`/`Requires=` on every instance of the types this one starts after. */
function orderLines(model: ExportModel, type: ExportType): string[] {
  const units = dependencies(type, model.types).flatMap((d) => d.instances.map((i) => serviceName(model.app, d, i)));
  if (units.length === 0) return [];
  const pull = type.cascade ? 'Requires' : 'Wants';
  return [
    `# procdeck.yaml: ${type.name} starts after ${type.after.join(', ')}. Type=simple units count as started once`,
    '# their process runs, so this orders the starts; it does not wait for a ready probe to pass.',
    type.cascade
      ? '# Requires= (restart: cascade): stopping or restarting a dependency stops or restarts this unit too.'
      : '# Wants= (restart: independent): a dependency that stops or fails leaves this unit running.',
    `After=${units.join(' ')}`,
    `${pull}=${units.join(' ')}`,
  ];
}

function restartLines(policy: ExitPolicy): string[] {
  switch (policy) {
    case 'restart':
      // systemd 252 has no growing delay (RestartSteps= came in 254): the first step of Procdeck's.
      return ['Restart=always', `RestartSec=${Math.round(DEFAULT_BACKOFF.initialMs / 1000)}`];
    case 'keep':
    case 'stop-all':
      return ['Restart=no'];
    default:
      return assertNever(policy, 'exit policy');
  }
}
