import { describe, expect, it } from 'vitest';
import { downDependencies } from './dependencies';
import type { InstanceId, InstanceState } from './model';

const ready: InstanceState = { kind: 'ready', pid: 1, since: 0, at: 1 };
const starting: InstanceState = { kind: 'starting', pid: 1, since: 0 };
const crashed: InstanceState = { kind: 'crashed', at: 1, exit: { kind: 'code', code: 1 }, uptimeMs: 5 };
const stopping: InstanceState = { kind: 'stopping', pid: 1, since: 0, deadline: 5, escalated: false };
const waiting: InstanceState = { kind: 'waiting', for: ['db.1'], since: 0, reason: 'db.1 is starting' };

function instance(id: InstanceId, state: InstanceState) {
  const [type = '', index = '1'] = id.split('.');
  return { id, type, index: Number(index), state };
}

const types = (restart?: 'cascade' | 'independent', dbScale = 2) => [
  { name: 'web', scale: 1, after: ['db', 'queue'], ...(restart ? { restart } : {}) },
  { name: 'db', scale: dbScale },
  { name: 'queue', scale: 1 },
  { name: 'worker', scale: 1 },
];

describe('downDependencies', () => {
  const cases: [string, InstanceState, ReturnType<typeof types>, InstanceState[], InstanceId[]][] = [
    ['every dependency ready: none', ready, types(), [ready, ready, ready], []],
    ['a crashed db of a running web', ready, types(), [ready, crashed, ready], ['db.2']],
    ['a starting web counts too', starting, types(), [starting, ready, ready], ['db.1']],
    [
      'in the order of after, then by number',
      ready,
      types(),
      [crashed, stopping, crashed],
      ['db.1', 'db.2', 'queue.1'],
    ],
    [
      'a cascade dependent is not marked (it goes back to waiting)',
      ready,
      types('cascade'),
      [crashed, ready, ready],
      [],
    ],
    ['independent said outright', ready, types('independent'), [crashed, ready, ready], ['db.1']],
    ['a waiting web is not marked (its row says why)', waiting, types(), [crashed, ready, ready], []],
    ['a stopping web is not marked', stopping, types(), [crashed, ready, ready], []],
    ['db.2 being scaled away does not count', ready, types(undefined, 1), [ready, stopping, ready], []],
  ];
  it.each(cases)('%s', (_, web, typeList, [db1, db2, queue1], expected) => {
    const instances = [
      instance('web.1', web),
      instance('db.1', db1 as InstanceState),
      instance('db.2', db2 as InstanceState),
      instance('queue.1', queue1 as InstanceState),
      instance('worker.1', crashed),
    ];
    expect(downDependencies(instance('web.1', web), typeList, instances)).toEqual(expected);
  });

  it('a type without after has no dependency to miss', () => {
    expect(downDependencies(instance('worker.1', ready), types(), [instance('db.1', crashed)])).toEqual([]);
  });
});
