import { describe, expect, it } from 'vitest';
import { DEFAULT_TYPE_SETTINGS } from './type-settings';
import {
  reloadedFormation,
  UnknownProcessError,
  withOverrides,
  withPolicy,
  withScale,
  type FormationType,
  type FormationValue,
} from './formation-value';

const type = (
  name: string,
  scale: number,
  policy: FormationType['policy'] = 'keep',
  command = `run ${name}`,
): FormationType => ({
  name,
  command,
  line: 1,
  scale,
  policy,
  settings: DEFAULT_TYPE_SETTINGS,
});
const value = (...types: FormationType[]): FormationValue => ({
  cwd: '/app',
  types,
  env: {},
  basePort: 5000,
  stopSignal: 'SIGTERM',
  graceMs: 5000,
});
const summary = (f: FormationValue) => f.types.map((t) => `${t.name}=${t.scale}:${t.policy}:${t.command}`).join(' ');

describe('the formation value', () => {
  const current = value(type('web', 3, 'restart'), type('worker', 0));

  it.each<[string, () => FormationValue, string]>([
    [
      'a slider move changes that scale only',
      () => withScale(current, 'worker', 2),
      'web=3:restart:run web worker=2:keep:run worker',
    ],
    [
      'a policy change changes that policy only',
      () => withPolicy(current, 'worker', 'stop-all'),
      'web=3:restart:run web worker=0:stop-all:run worker',
    ],
    [
      'overrides apply to the types they name and skip names the formation lacks',
      () =>
        withOverrides(current, {
          scale: new Map([
            ['web', 1],
            ['gone', 4],
          ]),
          policies: new Map([['worker', 'restart']]),
        }),
      'web=1:restart:run web worker=0:restart:run worker',
    ],
    ['no overrides: unchanged', () => withOverrides(current, {}), 'web=3:restart:run web worker=0:keep:run worker'],
    [
      'a reload keeps the scale and policy of the types already there, takes the files for the rest',
      () => reloadedFormation(current, value(type('clock', 1), type('web', 1, 'keep', 'run web --new'))),
      'clock=1:keep:run clock web=3:restart:run web --new',
    ],
  ])('%s', (_what, build, expected) => {
    expect(summary(build())).toBe(expected);
    expect(summary(current)).toBe('web=3:restart:run web worker=0:keep:run worker');
  });

  it.each([
    ['scale', () => withScale(current, 'nope', 1)],
    ['policy', () => withPolicy(current, 'nope', 'keep')],
  ])('a %s change for an unknown type is an UnknownProcessError', (_what, build) => {
    expect(build).toThrow(UnknownProcessError);
    expect(build).toThrow("unknown process type 'nope'");
  });
});
