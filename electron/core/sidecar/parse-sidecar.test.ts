import { describe, expect, it } from 'vitest';
import { DEFAULT_READINESS } from '../formation/type-settings';
import { parseSidecar, type SidecarParse } from './parse-sidecar';
import { checkSidecar, typeSettingsFor } from './sidecar-formation';

const FILE = '/app/procdeck.yaml';

function errors(result: SidecarParse): string[] {
  if (result.ok) throw new Error('expected errors');
  return result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
}

function entries(text: string) {
  const result = parseSidecar(text, FILE);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('\n'));
  return result.sidecar;
}

describe('procdeck.yaml: errors name line and column', () => {
  it.each([
    [
      'an unknown key, with the nearest known one',
      'processes:\n  web:\n    afer: [db]\n',
      [
        "3:5 unknown key 'afer' in processes.web (did you mean 'after'?); known keys: after, ready, restart, env, scale, policy, stop",
      ],
    ],
    [
      'an unknown top-level key',
      'procesess:\n  web: {}\n',
      ["1:1 unknown key 'procesess' in the top level (did you mean 'processes'?); known keys: $schema, processes"],
    ],
    [
      'an unknown key inside ready, with its own keys as suggestions',
      'processes:\n  web:\n    ready: { htp: /healthz }\n',
      [
        "3:14 unknown key 'htp' in processes.web.ready (did you mean 'http'?); known keys: http, tcp, port, host, log, exec, interval, timeout, warn_after",
      ],
    ],
    [
      'a misspelt word, with the nearest allowed one',
      'processes:\n  web:\n    ready: prot\n',
      ["3:12 processes.web.ready: expected one of auto, port, none (did you mean 'port'?)"],
    ],
    [
      'a policy the product does not have',
      'processes:\n  web:\n    policy: restrat\n',
      ["3:13 processes.web.policy: expected one of stop-all, keep, restart (did you mean 'restart'?)"],
    ],
    [
      'a scale out of range',
      'processes:\n  web:\n    scale: 1000\n',
      ['3:12 processes.web.scale: Too big: expected number to be <=100'],
    ],
    [
      'a grace that is no duration',
      'processes:\n  web:\n    stop: { signal: SIGINT, grace: soon }\n',
      ['3:36 processes.web.stop.grace: expected a duration such as 500ms, 2s or 1m (a bare number is seconds)'],
    ],
    [
      'two probes at once',
      'processes:\n  web:\n    ready: { http: /up, tcp: 5432 }\n',
      ['3:12 ready: one probe at a time, not http and tcp'],
    ],
    [
      'a log pattern that is not a regex',
      'processes:\n  web:\n    ready:\n      log: "([a-z"\n',
      [
        '4:12 ready.log is not a valid regular expression: Invalid regular expression: /([a-z/: Unterminated character class',
      ],
    ],
    [
      'a YAML syntax error',
      'processes:\n  web: [db\n',
      ['3:1 Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ],
    ['a duplicate key', 'processes:\n  web: {}\n  web: {}\n', ['3:3 Map keys must be unique']],
  ])('%s', (_what, text, expected) => {
    expect(errors(parseSidecar(text, FILE))).toEqual(expected);
  });

  it('a word too far from every known one gets no guess', () => {
    expect(errors(parseSidecar('processes:\n  web:\n    database: x\n', FILE))[0]).toMatch(
      /^3:5 unknown key 'database' in processes.web; known/,
    );
  });

  it('every error names the file', () => {
    const result = parseSidecar('processes:\n  web:\n    afer: [db]\n', FILE);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.diagnostics.map((d) => d.file)).toEqual([FILE]);
  });

  it('refuses an alias bomb instead of expanding it', () => {
    const rows = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      rows.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    expect(errors(parseSidecar(rows.join('\n'), FILE))[0]).toMatch(/^1:1 .*alias/i);
  });
});

describe('procdeck.yaml: a valid file', () => {
  const text = [
    '# yaml-language-server: $schema=./schema/procdeck.schema.json',
    'processes:',
    '  db:',
    '    ready: { tcp: 5432, interval: 100ms, timeout: 1s }',
    '  web:',
    '    after: [db, queue]',
    '    ready: { http: /healthz, warn_after: 1m }',
    '    env: { WEB_CONCURRENCY: 2, DEBUG: true }',
    '    scale: 2',
    '    policy: restart',
    '    restart: cascade',
    '    stop: { signal: SIGINT, grace: 10s }',
    '  queue:',
    '    after: db',
    '    ready: none',
    '  log:',
    '    ready: { log: "listening on \\\\d+" }',
    '    stop: { grace: 1.5 }',
    '',
  ].join('\n');

  it('gives each type its settings, the rest defaults', () => {
    const sidecar = entries(text);
    const byName = new Map(
      sidecar.entries.map((e) => [e.name, typeSettingsFor(e, { signal: 'SIGTERM', graceMs: 5000 })]),
    );
    expect(byName.get('web')).toEqual({
      after: ['db', 'queue'],
      ready: {
        check: { kind: 'http', path: '/healthz', port: null },
        intervalMs: 250,
        timeoutMs: 2000,
        warnAfterMs: 60_000,
      },
      restart: 'cascade',
      env: { WEB_CONCURRENCY: '2', DEBUG: 'true' },
      stop: { signal: 'SIGINT', graceMs: 10_000 },
    });
    expect(byName.get('db')?.ready).toEqual({
      check: { kind: 'tcp', port: 5432, host: '127.0.0.1' },
      intervalMs: 100,
      timeoutMs: 1000,
      warnAfterMs: DEFAULT_READINESS.warnAfterMs,
    });
    expect(byName.get('queue')).toMatchObject({ after: ['db'], ready: { check: { kind: 'none' } }, stop: null });
    expect(byName.get('log')).toMatchObject({
      ready: { check: { kind: 'log', pattern: 'listening on \\d+' } },
      stop: { signal: 'SIGTERM', graceMs: 1500 },
    });
    const web = sidecar.entries.find((e) => e.name === 'web');
    expect(web).toMatchObject({ scale: 2, policy: 'restart', at: { line: 5, column: 3 } });
  });

  it('an empty file is no settings', () => {
    expect(entries('# nothing yet\n').entries).toEqual([]);
  });

  it('orders the Procfile types by after', () => {
    expect(checkSidecar(entries(text), ['web', 'db', 'queue', 'log'])).toEqual({
      ok: true,
      stages: [['db', 'log'], ['queue'], ['web']],
    });
  });
});

describe('procdeck.yaml against the Procfile', () => {
  const problems = (text: string, types: string[]) => {
    const result = checkSidecar(entries(text), types);
    if (result.ok) throw new Error('expected problems');
    return result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
  };

  it('a cycle is an error naming the cycle, at its line', () => {
    expect(
      problems('processes:\n  db:\n    after: [queue]\n  queue:\n    after: [db]\n', ['db', 'queue', 'web']),
    ).toEqual([`${FILE}:3:13 a cycle in after: db -> queue -> db; none of these could ever start`]);
  });

  it('a type waiting for itself is a cycle too', () => {
    expect(problems('processes:\n  web:\n    after: web\n', ['web'])).toEqual([
      `${FILE}:3:12 a cycle in after: web -> web; none of these could ever start`,
    ]);
  });

  it('an unknown type in after is an error at its line, with did-you-mean', () => {
    expect(problems('processes:\n  web:\n    after:\n      - db\n      - qeue\n', ['web', 'db', 'queue'])).toEqual([
      `${FILE}:5:9 web starts after 'qeue', which is not a process type of the Procfile (did you mean 'queue'?)`,
    ]);
  });

  it('a type the Procfile lacks is an error at its name', () => {
    expect(problems('processes:\n  wbe:\n    scale: 2\n', ['web', 'worker'])).toEqual([
      `${FILE}:2:3 'wbe' is not a process type of the Procfile (did you mean 'web'?); it defines: web, worker`,
    ]);
  });
});
