import { describe, expect, it } from 'vitest';
import { formatFormation, parseFormationSpec, resolveFormation } from './formation';
import { checkPortRange, portFor, resolveBasePort } from './ports';

const resolve = (types: string[], spec: string | null) => {
  const parsed = spec === null ? null : parseFormationSpec(spec);
  if (parsed && !parsed.ok) return parsed.error;
  const formation = resolveFormation(types, parsed ? parsed.value : null);
  return formation.ok ? formatFormation(formation.value) : formation.error;
};

describe('formation', () => {
  it.each([
    ['without a spec every type gets 1', null, 'web=1,worker=1,clock=1'],
    ['listed types get their count, unlisted 0', 'web=2', 'web=2,worker=0,clock=0'],
    ['all=N sets every unlisted type', 'all=3,web=1', 'web=1,worker=3,clock=3'],
    ['0 means defined, not running', 'web=0,all=1', 'web=0,worker=1,clock=1'],
    ['spaces around items are fine', ' web=2 , worker=1 ', 'web=2,worker=1,clock=0'],
  ])('%s', (_what, spec, expected) => {
    expect(resolve(['web', 'worker', 'clock'], spec)).toBe(expected);
  });

  it.each([
    ['web', "bad formation item 'web': expected name=count, e.g. web=2,worker=1"],
    ['web=x', "bad formation item 'web=x': expected name=count, e.g. web=2,worker=1"],
    ['web=-1', "bad formation item 'web=-1': expected name=count, e.g. web=2,worker=1"],
    ['web=101', "bad formation item 'web=101': at most 100 instances per type"],
    ['web=1,web=2', "bad formation: 'web' is given twice"],
    ['nope=1', "unknown process type 'nope' in formation (the Procfile defines: web, worker, clock)"],
  ])('rejects %s', (spec, error) => {
    expect(resolve(['web', 'worker', 'clock'], spec)).toBe(error);
  });
});

describe('ports', () => {
  it('gives base + 100 × type index + instance − 1', () => {
    expect([portFor(5000, 0, 1), portFor(5000, 0, 3), portFor(5000, 1, 1), portFor(5000, 2, 2)]).toEqual([
      5000, 5002, 5100, 5201,
    ]);
  });

  it('takes -p first, then PORT, then 5000', () => {
    expect(resolveBasePort('6000', '4000')).toEqual({ ok: true, value: 6000 });
    expect(resolveBasePort(undefined, '4000')).toEqual({ ok: true, value: 4000 });
    expect(resolveBasePort(undefined, undefined)).toEqual({ ok: true, value: 5000 });
  });

  it.each([
    ['abc', undefined, "-p 'abc' is not a port number"],
    ['0', undefined, '-p 0 is out of range (1–65535)'],
    ['70000', undefined, '-p 70000 is out of range (1–65535)'],
    [undefined, 'x', "PORT 'x' is not a port number"],
  ])('rejects -p %s / PORT %s', (flag, env, error) => {
    expect(resolveBasePort(flag, env)).toEqual({ ok: false, error });
  });

  it('refuses a base port whose blocks would pass 65535', () => {
    expect(checkPortRange(65400, 3, 1)).toBe('ports would reach 65600, beyond 65535; choose a lower base port (-p)');
    expect(checkPortRange(5000, 20, 10)).toBeNull();
  });
});
