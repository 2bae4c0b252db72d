/**
 * A readiness probe: one attempt answers whether the instance is ready, in words the CLI and
 * the dashboard show (`listening on 5100`, `not listening on 5100 yet`, `GET /healthz: 503`).
 *
 * `createProbe` picks the probe for a type's check; `probe-loop.ts` repeats its attempts.
 * Every attempt is bounded in time by the loop (its `signal` aborts at the check's timeout).
 */
import { assertNever } from '../../../shared/model';
import type { ReadinessCheck } from '../formation/type-settings';
import type { Observer } from '../observe/observation';
import { execProbe } from './exec-probe';
import { httpProbe } from './http-probe';
import { logProbe } from './log-probe';
import { portProbe } from './port-probe';
import type { Probe, ProbeTarget } from './probe-types';
import { tcpProbe } from './tcp-probe';

/** The probe for `check`; null for `none`, which never needs one. */
export function createProbe(check: ReadinessCheck, target: ProbeTarget, observer: Observer | null): Probe | null {
  switch (check.kind) {
    case 'auto':
    case 'port':
      return portProbe(target, observer);
    case 'tcp':
      return tcpProbe(check.host, check.port);
    case 'http':
      return httpProbe(check.port ?? target.port, check.path);
    case 'log':
      return logProbe(check.pattern, target.output);
    case 'exec':
      return execProbe(check.command, target);
    case 'none':
      return null;
    default:
      return assertNever(check, 'readiness check');
  }
}
