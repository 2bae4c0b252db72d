import { describe, expect, it } from 'vitest';
import type { InstanceId } from '../../shared/model';
import { mergedMembers, toggledSubset } from './merged-selection';

const ordered: { id: InstanceId; type: string }[] = [
  { id: 'web.1', type: 'web' },
  { id: 'web.2', type: 'web' },
  { id: 'worker.1', type: 'worker' },
  { id: 'db.1', type: 'db' },
];

describe('mergedMembers', () => {
  it.each([
    ['everything by default', { types: null, instances: null }, ['web.1', 'web.2', 'worker.1', 'db.1']],
    ['a type filter', { types: ['web'], instances: null }, ['web.1', 'web.2']],
    ['a subset, in the formation order', { types: null, instances: ['db.1', 'web.2'] }, ['web.2', 'db.1']],
    ['a subset within the shown types', { types: ['web'], instances: ['web.2', 'db.1'] }, ['web.2']],
    ['an empty subset', { types: null, instances: [] }, []],
    ['a subset naming a removed instance', { types: null, instances: ['web.9', 'worker.1'] }, ['worker.1']],
  ])('%s', (_what, choice, expected) => {
    expect(mergedMembers(ordered, choice as { types: string[] | null; instances: InstanceId[] | null })).toEqual(
      expected,
    );
  });
});

describe('toggledSubset', () => {
  const all = ordered.map((i) => i.id);
  it.each([
    ['unticking one of all', null, 'web.2', ['web.1', 'worker.1', 'db.1']],
    ['ticking one back, in the formation order', ['worker.1'], 'web.1', ['web.1', 'worker.1']],
    ['ticking the last one: every instance again', ['web.1', 'web.2', 'db.1'], 'worker.1', null],
    ['unticking the only one', ['db.1'], 'db.1', []],
  ])('%s', (_what, current, id, expected) => {
    expect(toggledSubset(all, current as InstanceId[] | null, id as InstanceId)).toEqual(expected);
  });
});
