/**
 * When a type's instances count as ready, from its check and whether another type waits for it.
 *
 * The zero-configuration check (`auto`) waits for the tree to listen on PORT, but a type
 * that never listens (a worker) must not stay `starting` forever: it is ready when its start
 * window ends. Unless some type starts `after` it: then only its PORT makes it ready, because
 * a dependent started before the port is open would fail (the waiting dependent shows why).
 * Pure.
 */
import { assertNever } from '../../../shared/model';
import type { ReadinessCheck } from '../formation/type-settings';
import type { ReadyRule } from '../instance/lifecycle';

export function readyRuleFor(check: ReadinessCheck, dependedOn: boolean): ReadyRule {
  switch (check.kind) {
    case 'auto':
      return dependedOn ? 'probe' : 'probe-or-start-window';
    case 'none':
      return 'at-spawn';
    case 'port':
    case 'tcp':
    case 'http':
    case 'log':
    case 'exec':
      return 'probe';
    default:
      return assertNever(check, 'readiness check');
  }
}
