/**
 * What it takes to turn one formation into another: `plan(before, after)`, the steps the
 * supervisor's `reconcile` carries out, in order. Pure.
 *
 * Removed types go first (their ports may be reused by a type that moved); then each type
 * of `after` in Procfile order. An edited command or a move in the Procfile (a new port
 * block) restarts the type's live instances, and so does a change to what procdeck.yaml
 * says of how the type starts (`after`, `ready`, its own `env`): that type only. Any other
 * change to what an instance is given (policy, environment, base port, stop signal, grace,
 * `restart: cascade`) applies from its next start.
 */
import type { EnvValues } from '../env/parse-env';
import type { FormationType, FormationValue } from './formation-value';
import type { TypeSettings } from './type-settings';

export type FormationStep =
  | { readonly kind: 'remove'; readonly type: string }
  | { readonly kind: 'add'; readonly type: string; readonly scale: number }
  /** New settings for the type's instances, from their next start. */
  | { readonly kind: 'configure'; readonly type: string }
  | { readonly kind: 'restart'; readonly type: string; readonly because: RestartCause }
  | { readonly kind: 'scale'; readonly type: string; readonly from: number; readonly to: number }
  /** Only said: the environment applies to each instance from its next (re)start. */
  | { readonly kind: 'env-changed' };

/** Why a type restarts: its command, its place in the Procfile, or its procdeck.yaml settings. */
export type RestartCause = 'command' | 'moved' | 'settings';

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
    const startChanged = !sameStart(was.type.settings, type.settings);
    const settingsChanged = startChanged || !sameStop(was.type.settings, type.settings);
    if (sharedChanged || commandChanged || moved || settingsChanged || was.type.policy !== type.policy)
      steps.push({ kind: 'configure', type: type.name });
    const because: RestartCause | null = commandChanged
      ? 'command'
      : moved
        ? 'moved'
        : startChanged
          ? 'settings'
          : null;
    if (because) steps.push({ kind: 'restart', type: type.name, because });
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

/** The same start: after, readiness and the type's own env (what a running instance was started under). */
function sameStart(a: TypeSettings, b: TypeSettings): boolean {
  return (
    a.after.length === b.after.length &&
    a.after.every((d, i) => b.after[i] === d) &&
    JSON.stringify(a.ready) === JSON.stringify(b.ready) &&
    sameEnv(a.env, b.env)
  );
}

/** The same stop and cascade rule: these need no restart, only the next stop or dependency restart. */
function sameStop(a: TypeSettings, b: TypeSettings): boolean {
  return a.restart === b.restart && a.stop?.signal === b.stop?.signal && a.stop?.graceMs === b.stop?.graceMs;
}
