/**
 * A type's procdeck.yaml settings in words, for `procdeck check`: its scale, then only what
 * differs from the zero-configuration defaults.
 */
import { assertNever, type ExitPolicy } from '../../shared/model';
import { DEFAULT_READINESS, type ReadinessCheck, type TypeSettings } from '../core/formation/type-settings';

export interface CheckedSettings extends TypeSettings {
  readonly scale: number;
  /** What procdeck.yaml sets; null: the host's default. */
  readonly policy: ExitPolicy | null;
}

export function describeTypeSettings(s: CheckedSettings): string {
  const parts: string[] = [];
  if (s.after.length > 0) parts.push(`after ${s.after.join(', ')}`);
  const { check, intervalMs, timeoutMs, warnAfterMs } = s.ready;
  const timing = [
    intervalMs !== DEFAULT_READINESS.intervalMs ? `every ${ms(intervalMs)}` : '',
    timeoutMs !== DEFAULT_READINESS.timeoutMs ? `timeout ${ms(timeoutMs)}` : '',
    warnAfterMs !== DEFAULT_READINESS.warnAfterMs ? `warn after ${ms(warnAfterMs)}` : '',
  ].filter(Boolean);
  if (check.kind !== 'auto' || timing.length > 0)
    parts.push(`ready ${describeCheck(check)}${timing.length > 0 ? ` (${timing.join(', ')})` : ''}`);
  if (s.restart === 'cascade') parts.push('restart cascade');
  const env = Object.keys(s.env);
  if (env.length > 0) parts.push(`env ${env.join(', ')}`);
  if (s.policy !== null) parts.push(`policy ${s.policy}`);
  if (s.stop) parts.push(`stop ${s.stop.signal}, grace ${ms(s.stop.graceMs)}`);
  return [`scale ${s.scale}`, ...parts].join('; ');
}

function describeCheck(check: ReadinessCheck): string {
  switch (check.kind) {
    case 'auto':
      return 'auto';
    case 'port':
      return 'when listening on PORT';
    case 'none':
      return 'at once';
    case 'tcp':
      return `tcp ${check.host}:${check.port}`;
    case 'http':
      return `http ${check.path}${check.port === null ? '' : ` on ${check.port}`}`;
    case 'log':
      return `log /${check.pattern}/`;
    case 'exec':
      return `exec ${check.command}`;
    default:
      return assertNever(check, 'readiness check');
  }
}

function ms(value: number): string {
  return value % 1000 === 0 ? `${value / 1000}s` : `${value}ms`;
}
