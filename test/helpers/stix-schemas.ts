import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/**
 * The official STIX 2.1 JSON schemas (OASIS cti-stix2-json-schemas, BSD,
 * copied into test/fixtures with their licence so CI validates without
 * ../shared), compiled once by Ajv's draft 2020-12 validator.
 *
 * - `unicodeRegExp: false`: two of the schemas' patterns (`\-` in
 *   common/core.json and cyber-observable-core.json) are not valid in
 *   JavaScript's `u` mode, and compiling would throw.
 * - `validateFormats: false`: `uri`, `email` and the like would need
 *   ajv-formats; the patterns and structure are what is checked.
 */
const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/stix2-json-schemas/schemas');
const BASE = 'http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas';

let ajv: Ajv2020 | null = null;
function compiled(): Ajv2020 {
  if (ajv) return ajv;
  const a = new Ajv2020({ strict: false, allErrors: true, validateFormats: false, unicodeRegExp: false });
  for (const dir of ['common', 'sdos', 'sros', 'observables']) {
    for (const file of fs.readdirSync(path.join(ROOT, dir))) a.addSchema(JSON.parse(fs.readFileSync(path.join(ROOT, dir, file), 'utf8')) as object);
  }
  ajv = a;
  return a;
}

function schema(id: string): ValidateFunction {
  const v = compiled().getSchema(`${BASE}/${id}`);
  if (!v) throw new Error(`no STIX schema ${id}`);
  return v;
}

/** The schema file of an object's type: an SDO's, an SRO's, an observable's, or the marking definition's. */
export function schemaOfType(type: string): string {
  if (type === 'marking-definition') return 'common/marking-definition.json';
  for (const dir of ['sdos', 'sros', 'observables']) if (fs.existsSync(path.join(ROOT, dir, `${type}.json`))) return `${dir}/${type}.json`;
  throw new Error(`the STIX 2.1 schemas have no object type "${type}"`);
}

export interface SchemaCheck {
  valid: boolean;
  errors: ErrorObject[];
}

/** One object against the schema of its own type. */
export function validateStixObject(obj: { type: string }): SchemaCheck {
  const v = schema(schemaOfType(obj.type));
  const valid = v(obj);
  return { valid, errors: v.errors ?? [] };
}

/** A whole bundle against common/bundle.json. */
export function validateStixBundle(bundle: unknown): SchemaCheck {
  const v = schema('common/bundle.json');
  const valid = v(bundle);
  return { valid, errors: v.errors ?? [] };
}
