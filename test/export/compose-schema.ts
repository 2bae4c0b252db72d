/** The Compose Specification's JSON Schema (dclint's copy), compiled once: errors for a parsed compose.yaml, or null. */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { ROOT } from '../support/cli';

let validate: ReturnType<Ajv['compile']> | null = null;

export function composeSchemaErrors(doc: unknown): string | null {
  if (!validate) {
    const schema = JSON.parse(readFileSync(`${ROOT}node_modules/dclint/schemas/compose.schema.json`, 'utf8')) as Record<
      string,
      unknown
    >;
    delete schema.$schema;
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    validate = ajv.compile(schema);
  }
  return validate(doc) ? null : JSON.stringify(validate.errors);
}
