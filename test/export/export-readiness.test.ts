/** procdeck.yaml's ready check as an export sees it, resolved as the supervisor resolves it. */
import { describe, expect, it } from 'vitest';
import { exportProbe, isLoopback, type ExportProbe } from '../../electron/core/export/export-readiness';
import type { ReadinessCheck } from '../../electron/core/formation/type-settings';

const PORT = 5100;

describe('exportProbe', () => {
  it.each<[string, ReadinessCheck, { listens: boolean; dependedOn: boolean }, ExportProbe]>([
    ['auto, listening', { kind: 'auto' }, { listens: true, dependedOn: false }, { kind: 'port', port: PORT }],
    // A dependent would fail against a closed port: Procdeck then waits for the PORT too (ready-rule.ts).
    ['auto, waited for', { kind: 'auto' }, { listens: false, dependedOn: true }, { kind: 'port', port: PORT }],
    ['auto, neither', { kind: 'auto' }, { listens: false, dependedOn: false }, { kind: 'started' }],
    ['port', { kind: 'port' }, { listens: false, dependedOn: false }, { kind: 'port', port: PORT }],
    [
      'tcp',
      { kind: 'tcp', host: 'db.internal', port: 5432 },
      { listens: false, dependedOn: false },
      { kind: 'tcp', host: 'db.internal', port: 5432 },
    ],
    [
      'http on PORT',
      { kind: 'http', path: '/up', port: null },
      { listens: true, dependedOn: false },
      { kind: 'http', path: '/up', port: PORT },
    ],
    [
      'http on its own port',
      { kind: 'http', path: '/up', port: 9000 },
      { listens: true, dependedOn: false },
      { kind: 'http', path: '/up', port: 9000 },
    ],
    [
      'exec',
      { kind: 'exec', command: 'pg_isready' },
      { listens: false, dependedOn: true },
      { kind: 'exec', command: 'pg_isready' },
    ],
    ['log', { kind: 'log', pattern: '^up$' }, { listens: false, dependedOn: true }, { kind: 'log', pattern: '^up$' }],
    ['none', { kind: 'none' }, { listens: true, dependedOn: true }, { kind: 'started' }],
  ])('%s', (_name, check, context, expected) => {
    expect(exportProbe(check, { ...context, port: PORT })).toEqual(expected);
  });

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['localhost', true],
    ['::1', true],
    ['10.0.0.5', false],
    ['db', false],
  ])('isLoopback(%s) is %s', (host, loopback) => {
    expect(isLoopback(host)).toBe(loopback);
  });
});
