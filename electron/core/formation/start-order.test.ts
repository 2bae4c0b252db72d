import { describe, expect, it } from 'vitest';
import { describeCycle, startOrder, type OrderedType } from './start-order';

const t = (name: string, ...after: string[]): OrderedType => ({ name, after });

describe('startOrder', () => {
  it.each<[string, OrderedType[], unknown]>([
    ['no after: one stage in Procfile order', [t('web'), t('db')], { ok: true, stages: [['web', 'db']] }],
    ['a chain', [t('web', 'queue'), t('queue', 'db'), t('db')], { ok: true, stages: [['db'], ['queue'], ['web']] }],
    [
      'a diamond keeps Procfile order within a stage',
      [t('web', 'db', 'cache'), t('cache'), t('worker', 'db'), t('db')],
      {
        ok: true,
        stages: [
          ['cache', 'db'],
          ['web', 'worker'],
        ],
      },
    ],
    ['an empty formation', [], { ok: true, stages: [] }],
    [
      'a cycle names it',
      [t('web'), t('db', 'queue'), t('queue', 'db')],
      { ok: false, problems: [{ kind: 'cycle', cycle: ['db', 'queue', 'db'] }] },
    ],
    ['a self-cycle', [t('web', 'web')], { ok: false, problems: [{ kind: 'cycle', cycle: ['web', 'web'] }] }],
    [
      'a cycle reached through a waiting type names only the cycle',
      [t('web', 'a'), t('a', 'b'), t('b', 'c'), t('c', 'b')],
      { ok: false, problems: [{ kind: 'cycle', cycle: ['b', 'c', 'b'] }] },
    ],
    [
      'an unknown dependency names both',
      [t('web', 'db', 'redis'), t('db')],
      { ok: false, problems: [{ kind: 'unknown', type: 'web', dependency: 'redis' }] },
    ],
  ])('%s', (_what, types, expected) => {
    expect(startOrder(types)).toEqual(expected);
  });

  it('describes a cycle with arrows', () => {
    expect(describeCycle(['db', 'queue', 'db'])).toBe('db -> queue -> db');
  });
});
