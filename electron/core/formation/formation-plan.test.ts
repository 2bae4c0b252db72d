import { describe, expect, it } from 'vitest';
import { DEFAULT_READINESS, DEFAULT_TYPE_SETTINGS, type TypeSettings } from './type-settings';
import { plan, type FormationStep } from './formation-plan';
import type { FormationType, FormationValue } from './formation-value';

const type = (
  name: string,
  scale = 1,
  command = `run ${name}`,
  policy: FormationType['policy'] = 'keep',
): FormationType => ({
  name,
  command,
  line: 1,
  scale,
  policy,
  settings: DEFAULT_TYPE_SETTINGS,
});

const withSettings = (t: FormationType, settings: Partial<TypeSettings>): FormationType => ({
  ...t,
  settings: { ...DEFAULT_TYPE_SETTINGS, ...settings },
});

const base: FormationValue = {
  cwd: '/app',
  types: [type('web'), type('worker', 2)],
  env: { A: '1' },
  basePort: 5000,
  stopSignal: 'SIGTERM',
  graceMs: 5000,
};

const change = (patch: Partial<FormationValue>): FormationValue => ({ ...base, ...patch });

describe('plan(before, after)', () => {
  it.each<[string, FormationValue, FormationStep[]]>([
    ['the same formation: nothing to do', base, []],
    [
      'a slider up',
      change({ types: [type('web', 3), type('worker', 2)] }),
      [{ kind: 'scale', type: 'web', from: 1, to: 3 }],
    ],
    [
      'a slider down to 0',
      change({ types: [type('web'), type('worker', 0)] }),
      [{ kind: 'scale', type: 'worker', from: 2, to: 0 }],
    ],
    [
      'a policy change reconfigures that type only',
      change({ types: [type('web', 1, 'run web', 'restart'), type('worker', 2)] }),
      [{ kind: 'configure', type: 'web' }],
    ],
    [
      'an edited command reconfigures and restarts that type only',
      change({ types: [type('web'), type('worker', 2, 'run worker --fast')] }),
      [
        { kind: 'configure', type: 'worker' },
        { kind: 'restart', type: 'worker', because: 'command' },
      ],
    ],
    [
      'swapped types move port blocks: both restart',
      change({ types: [type('worker', 2), type('web')] }),
      [
        { kind: 'configure', type: 'worker' },
        { kind: 'restart', type: 'worker', because: 'moved' },
        { kind: 'configure', type: 'web' },
        { kind: 'restart', type: 'web', because: 'moved' },
      ],
    ],
    [
      'a removed type goes first, and the type after it moves',
      change({ types: [type('worker', 2)] }),
      [
        { kind: 'remove', type: 'web' },
        { kind: 'configure', type: 'worker' },
        { kind: 'restart', type: 'worker', because: 'moved' },
      ],
    ],
    [
      'an added type at the end, with its count',
      change({ types: [type('web'), type('worker', 2), type('clock', 0)] }),
      [{ kind: 'add', type: 'clock', scale: 0 }],
    ],
    [
      'a changed environment reconfigures every type and is said once',
      change({ env: { A: '2' } }),
      [{ kind: 'configure', type: 'web' }, { kind: 'configure', type: 'worker' }, { kind: 'env-changed' }],
    ],
    [
      'an added variable counts as a change',
      change({ env: { A: '1', B: '' } }),
      [{ kind: 'configure', type: 'web' }, { kind: 'configure', type: 'worker' }, { kind: 'env-changed' }],
    ],
    [
      'a renamed variable with the same value counts as a change',
      change({ env: { B: '1' } }),
      [{ kind: 'configure', type: 'web' }, { kind: 'configure', type: 'worker' }, { kind: 'env-changed' }],
    ],
    [
      'a new base port reconfigures (no restart)',
      change({ basePort: 6000 }),
      [
        { kind: 'configure', type: 'web' },
        { kind: 'configure', type: 'worker' },
      ],
    ],
    [
      'a new grace period reconfigures',
      change({ graceMs: 1000 }),
      [
        { kind: 'configure', type: 'web' },
        { kind: 'configure', type: 'worker' },
      ],
    ],
    [
      'a new stop signal reconfigures',
      change({ stopSignal: 'SIGINT' }),
      [
        { kind: 'configure', type: 'web' },
        { kind: 'configure', type: 'worker' },
      ],
    ],
    [
      'a command edit and a slider move together',
      change({ types: [type('web', 2, 'run web2'), type('worker', 2)] }),
      [
        { kind: 'configure', type: 'web' },
        { kind: 'restart', type: 'web', because: 'command' },
        { kind: 'scale', type: 'web', from: 1, to: 2 },
      ],
    ],
    [
      'procdeck.yaml: a new readiness probe reconfigures and restarts that type only',
      change({
        types: [
          type('web'),
          withSettings(type('worker', 2), { ready: { ...DEFAULT_READINESS, check: { kind: 'none' } } }),
        ],
      }),
      [
        { kind: 'configure', type: 'worker' },
        { kind: 'restart', type: 'worker', because: 'settings' },
      ],
    ],
    [
      'procdeck.yaml: a type-level env change restarts that type only',
      change({ types: [withSettings(type('web'), { env: { WEB_CONCURRENCY: '2' } }), type('worker', 2)] }),
      [
        { kind: 'configure', type: 'web' },
        { kind: 'restart', type: 'web', because: 'settings' },
      ],
    ],
    [
      'procdeck.yaml: a new after restarts that type only',
      change({ types: [withSettings(type('web'), { after: ['worker'] }), type('worker', 2)] }),
      [
        { kind: 'configure', type: 'web' },
        { kind: 'restart', type: 'web', because: 'settings' },
      ],
    ],
    [
      'procdeck.yaml: a type-level stop signal and grace reconfigure (the next stop uses them)',
      change({
        types: [withSettings(type('web'), { stop: { signal: 'SIGINT', graceMs: 10_000 } }), type('worker', 2)],
      }),
      [{ kind: 'configure', type: 'web' }],
    ],
    [
      'procdeck.yaml: restart: cascade reconfigures',
      change({ types: [type('web'), withSettings(type('worker', 2), { restart: 'cascade' })] }),
      [{ kind: 'configure', type: 'worker' }],
    ],
    [
      'procdeck.yaml: equal settings built anew: nothing to do',
      change({ types: [withSettings(type('web'), { ready: { ...DEFAULT_READINESS }, env: {} }), type('worker', 2)] }),
      [],
    ],
    [
      'only a Procfile line moved (a comment added above): nothing to do',
      change({ types: [{ ...type('web'), line: 3 }, type('worker', 2)] }),
      [],
    ],
  ])('%s', (_what, after, steps) => {
    expect(plan(base, after)).toEqual(steps);
  });

  it('from nothing, every type is added in Procfile order', () => {
    expect(plan({ ...base, types: [] }, base)).toEqual([
      { kind: 'add', type: 'web', scale: 1 },
      { kind: 'add', type: 'worker', scale: 2 },
    ]);
  });
});
