/**
 * What it takes to turn one formation into another: `plan(before, after)`, the steps the
 * supervisor's `reconcile` carries out, in order. Pure.
 *
 * Removed types go first (their ports may be reused by a type that moved); then each type
 * of `after` in Procfile order. An edited command or a move in the Procfile (a new port
 * block) restarts the type's live instances; any other change to what an instance is given
 * (policy, environment, base port, stop signal, grace) applies from its next start.
 */
import type { EnvValues } from '../env/parse-env';
import type { FormationType, FormationValue } from './formation-value';

export type FormationStep =
  | { readonly kind: 'remove'; readonly type: string }
  | { readonly kind: 'add'; readonly type: string; readonly scale: number }
  /** New settings for the type's instances, from their next start. */
  | { readonly kind: 'configure'; readonly type: string }
  | { readonly kind: 'restart'; readonly type: string; readonly because: 'command' | 'moved' }
  | { readonly kind: 'scale'; readonly type: string; readonly from: number; readonly to: number }
  /** Only said: the environment applies to each instance from its next (re)start. */
  | { readonly kind: 'env-changed' };

export function plan(before: FormationValue, after: FormationValue): FormationStep[] {
  const steps: FormationStep[] = [];
  const wanted = new Set(after.types.map((t) => t.name));
  for (const t of before.types) if (!wanted.has(t.name)) steps.push({ kind: 'remove', type: t.name });

  const envChanged = !sameEnv(before.env, after.env);
  const sharedChanged =
    envChanged ||
    before.cwd !== after.cwd ||
    before.basePort !== after.basePort ||
    before.stopSignal !== after.stopSignal ||
    before.graceMs !== after.graceMs;
  const old = new Map(before.types.map((t, index) => [t.name, { type: t, index }]));
  after.types.forEach((type, index) => {
    const was = old.get(type.name);
    if (!was) {
      steps.push({ kind: 'add', type: type.name, scale: type.scale });
      return;
    }
    const commandChanged = was.type.command !== type.command;
    const moved = was.index !== index;
    if (sharedChanged || commandChanged || moved || was.type.policy !== type.policy)
      steps.push({ kind: 'configure', type: type.name });
    if (commandChanged || moved)
      steps.push({ kind: 'restart', type: type.name, because: commandChanged ? 'command' : 'moved' });
    if (was.type.scale !== type.scale) steps.push(scaleStep(was.type, type));
  });
  if (envChanged) steps.push({ kind: 'env-changed' });
  return steps;
}

function scaleStep(before: FormationType, after: FormationType): FormationStep {
  return { kind: 'scale', type: after.name, from: before.scale, to: after.scale };
}

function sameEnv(a: EnvValues, b: EnvValues): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}
