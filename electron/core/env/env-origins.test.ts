import { describe, expect, it } from 'vitest';
import { looksSecret, originLabel, type EnvOrigin } from '../../../shared/environment';
import { definitionsOfText } from './env-definitions';
import { environmentChanges, plannedEnvironment, traceOrigins, type OriginSources } from './env-origins';

const file = (line: number, path = '/p/.env'): EnvOrigin => ({ kind: 'file', file: path, line });

describe('definitionsOfText', () => {
  it('gives every definition its line, in order, with the value dotenv reads for that entry', () => {
    const text = [
      '# comment',
      'A=one',
      'export B="two words"',
      '',
      'A=again # trailing comment',
      'M="first',
      'second"',
      "C='$literal'",
      'not a line',
      'A=${B}',
    ].join('\n');
    const defs = definitionsOfText(text, '/p/.env');
    expect(defs.get('A')).toEqual([
      { origin: file(2), value: 'one' },
      { origin: file(5), value: 'again' },
      { origin: file(10), value: '${B}' },
    ]);
    expect(defs.get('B')).toEqual([{ origin: file(3), value: 'two words' }]);
    expect(defs.get('M')).toEqual([{ origin: file(6), value: 'first\nsecond' }]);
    expect(defs.get('C')).toEqual([{ origin: file(8), value: '$literal' }]);
    expect([...defs.keys()].sort()).toEqual(['A', 'B', 'C', 'M']);
  });

  it('counts lines the same with CRLF and a BOM', () => {
    expect(
      definitionsOfText('\uFEFFX=1\r\n\r\nX=2\r\n', 'f')
        .get('X')
        ?.map((d) => d.origin),
    ).toEqual([file(1, 'f'), file(3, 'f')]);
  });
});

describe('traceOrigins', () => {
  const sources: OriginSources = {
    files: new Map([
      ['FROM_FILE', [{ origin: file(1), value: 'a' }]],
      [
        'TWICE',
        [
          { origin: file(2), value: 'first' },
          { origin: file(4, '/p/.env.local'), value: 'second' },
        ],
      ],
      ['SHADOWED', [{ origin: file(3), value: 'file' }]],
      ['PORT', [{ origin: file(5), value: '9999' }]],
    ]),
    processEnv: { HOME: '/home/u', SHADOWED: 'shell', TYPED: 'env' },
    source: 'login-shell',
    type: 'web',
    typeEnv: { TYPED: 'yaml' },
  };
  const run = {
    PS: 'web.1',
    FROM_FILE: 'a',
    TWICE: 'second',
    SHADOWED: 'shell',
    HOME: '/home/u',
    TYPED: 'yaml',
    PORT: '5000',
    PROCDECK_TAG: 'pd-1',
    REMOVED: 'x',
  };
  const traced = traceOrigins(run, sources);
  const by = (name: string) => traced.find((v) => v.name === name);

  it('lists every variable of the run, sorted, with the run’s own value', () => {
    expect(traced.map((v) => v.name)).toEqual([...Object.keys(run)].sort());
    for (const v of traced) expect(v.value).toBe(run[v.name as keyof typeof run]);
  });

  it.each([
    ['FROM_FILE', file(1), []],
    ['TWICE', file(4, '/p/.env.local'), [{ origin: file(2), value: 'first' }]],
    // The environment Procdeck runs in beats the files (dotenv's rule).
    ['SHADOWED', { kind: 'environment', source: 'login-shell' }, [{ origin: file(3), value: 'file' }]],
    ['HOME', { kind: 'environment', source: 'login-shell' }, []],
    // procdeck.yaml beats the environment; the closest loser comes first.
    [
      'TYPED',
      { kind: 'sidecar', type: 'web' },
      [{ origin: { kind: 'environment', source: 'login-shell' }, value: 'env' }],
    ],
    ['PORT', { kind: 'procdeck', variable: 'port' }, [{ origin: file(5), value: '9999' }]],
    ['PS', { kind: 'procdeck', variable: 'instance-name' }, []],
    ['PROCDECK_TAG', { kind: 'procdeck', variable: 'marker' }, []],
    ['REMOVED', { kind: 'gone' }, []],
  ] as const)('%s comes from its winning origin and lists what it overrode', (name, origin, overridden) => {
    expect(by(name)?.origin).toEqual(origin);
    expect(by(name)?.overridden).toEqual(overridden);
  });
});

describe('environmentChanges and plannedEnvironment', () => {
  it('names what a restart would add, change or remove, never the per-run marker', () => {
    expect(
      environmentChanges(
        { A: '1', B: '2', GONE: 'x', PROCDECK_TAG: 'pd-1' },
        { A: '1', B: '3', NEW: 'y', PROCDECK_TAG: 'pd-2' },
      ),
    ).toEqual([
      { name: 'B', was: '2', now: '3' },
      { name: 'GONE', was: 'x', now: null },
      { name: 'NEW', was: null, now: 'y' },
    ]);
    expect(environmentChanges({ A: '1' }, { A: '1' })).toEqual([]);
  });

  it('builds the next start’s environment as the supervisor does: formation, type, PORT and PS', () => {
    expect(plannedEnvironment({ A: '1', PORT: '1', T: 'f' }, { T: 'type' }, 'web.2', 5001)).toEqual({
      A: '1',
      T: 'type',
      PORT: '5001',
      PS: 'web.2',
    });
  });
});

describe('looksSecret and originLabel', () => {
  it.each([
    ['STRIPE_KEY', 'sk_live', true],
    ['API_SECRET_VALUE', 'x', true],
    ['GITHUB_TOKEN', 'x', true],
    ['DB_PASSWORD', 'x', true],
    ['DATABASE_URL', 'postgres://app:hunter2@db:5432/app', true],
    ['DATABASE_URL', 'postgres://db:5432/app', false],
    ['HOMEPAGE', 'https://user@example.com/', false],
    ['KEYBOARD', 'us', false],
    ['PORT', '5000', false],
  ])('%s=%s secret: %s', (name, value, secret) => {
    expect(looksSecret(name, value)).toBe(secret);
  });

  it.each([
    [file(3), '.env:3'],
    [{ kind: 'environment', source: 'procdeck' }, 'environment Procdeck started in'],
    [{ kind: 'environment', source: 'login-shell' }, 'login shell'],
    [{ kind: 'sidecar', type: 'web' }, 'procdeck.yaml (web)'],
    [{ kind: 'procdeck', variable: 'port' }, 'Procdeck (PORT)'],
    [{ kind: 'procdeck', variable: 'instance-name' }, 'Procdeck (PS)'],
    [{ kind: 'procdeck', variable: 'marker' }, 'Procdeck (marker)'],
    [{ kind: 'gone' }, 'no longer defined'],
  ] as const)('%j reads %s', (origin, label) => {
    expect(originLabel(origin, (p) => p.split('/').pop() ?? p)).toBe(label);
  });
});
