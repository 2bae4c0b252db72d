import { describe, expect, it } from 'vitest';
import type { InstanceResources } from '../../../shared/contract';
import { foldObservations, socketUrl, sparklinePoints, typeTotals } from './observations';

const at = (instance: `${string}.${number}`, t: number, rssBytes: number, extra: Partial<InstanceResources> = {}) =>
  ({
    instance,
    sockets: [],
    cpuPercent: 1,
    rssBytes,
    processes: 1,
    at: t,
    warnings: [],
    ...extra,
  }) as InstanceResources;

describe('foldObservations', () => {
  it('appends the newest point, keeps 60 s, and drops instances no longer observed', () => {
    let o = foldObservations(new Map(), {
      instances: [
        at('web.1', 10_000, 5, { history: [{ at: 9_000, cpuPercent: 0, rssBytes: 4 }] }),
        at('db.1', 10_000, 1),
      ],
    });
    expect(o.get('web.1')?.history.map((s) => s.rssBytes)).toEqual([4]);
    o = foldObservations(o, { instances: [at('web.1', 11_000, 6)] });
    expect(o.get('web.1')?.history.map((s) => s.rssBytes)).toEqual([4, 6]);
    expect(o.has('db.1')).toBe(false);
    o = foldObservations(o, { instances: [at('web.1', 72_000, 7)] });
    expect(o.get('web.1')?.history.map((s) => s.at)).toEqual([72_000]);
    expect(foldObservations(o, { instances: [] }).size).toBe(0);
  });
});

describe('socketUrl', () => {
  it.each([
    ['0.0.0.0', 5000, 'http://localhost:5000/'],
    ['::', 5000, 'http://localhost:5000/'],
    ['127.0.0.1', 80, 'http://localhost:80/'],
    ['::1', 8080, 'http://localhost:8080/'],
    ['192.168.1.4', 3000, 'http://192.168.1.4:3000/'],
    ['fe80::1', 3000, 'http://[fe80::1]:3000/'],
  ])('%s:%s -> %s', (address, port, url) => {
    expect(socketUrl(address, port)).toBe(url);
  });
});

describe('typeTotals and sparklinePoints', () => {
  it('sums a type over its instances only (web.1 and web.2, not web-admin.1)', () => {
    const o = foldObservations(new Map(), {
      instances: [at('web.1', 1, 100), at('web.2', 1, 50), at('web-admin.1', 1, 999)],
    });
    expect(typeTotals(o, 'web')).toEqual({ cpuPercent: 2, rssBytes: 150 });
    expect(typeTotals(o, 'db')).toBeNull();
  });

  it('places the newest point at the right edge and the largest at the top', () => {
    const points = sparklinePoints(
      [
        { at: 30_000, cpuPercent: 0, rssBytes: 50 },
        { at: 60_000, cpuPercent: 0, rssBytes: 100 },
      ],
      (s) => s.rssBytes,
      60_000,
      60,
      10,
    );
    expect(points).toBe('30.0,5.0 60.0,0.0');
  });
});
