import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sidecarJsonSchema, sidecarJsonSchemaText } from './sidecar-json-schema';
import { parseSidecar } from './parse-sidecar';

const COMMITTED = join(__dirname, '../../../schema/procdeck.schema.json');

describe('schema/procdeck.schema.json', () => {
  // The committed file is Prettier's layout of the same JSON, so the values are compared.
  it('is exactly what the zod schema generates (PROCDECK_WRITE_SCHEMA=1 rewrites it, then npm run format)', () => {
    if (process.env.PROCDECK_WRITE_SCHEMA === '1') writeFileSync(COMMITTED, sidecarJsonSchemaText());
    expect(JSON.parse(readFileSync(COMMITTED, 'utf8'))).toEqual(sidecarJsonSchema());
  });

  it('accepts and refuses what the parser accepts and refuses', () => {
    const validate = new Ajv2020({ strict: false }).compile(sidecarJsonSchema());
    const files = [
      'processes:\n  web:\n    after: [db]\n    ready: { http: /healthz, timeout: 2s }\n    stop: { signal: SIGINT, grace: 10s }\n  db:\n    ready: port\n',
      'processes:\n  web:\n    afer: [db]\n',
      'processes:\n  web:\n    scale: -1\n',
      'processes:\n  web:\n    stop: { grace: soon }\n',
      'processes:\n  web:\n    ready: prot\n',
    ];
    const verdicts = files.map((text) => [validate(parse(text)), parseSidecar(text, 'procdeck.yaml').ok]);
    expect(verdicts).toEqual([
      [true, true],
      [false, false],
      [false, false],
      [false, false],
      [false, false],
    ]);
  });
});
