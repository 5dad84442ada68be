#!/usr/bin/env node
// Lints docs/openapi.yaml: valid OpenAPI (checked against the official schemas
// by @seriousme/openapi-schema-validator, with every $ref resolving), every
// schema compiles under Ajv's strict mode and its examples pass it, the
// auth/error conventions of the contract hold for every operation, and the
// config document is docs/config.schema.json by reference, never a copy of it.
// Run by ctest (schema_openapi).
// Usage: openapi_lint.mjs OPENAPI_YAML CONFIG_SCHEMA_JSON
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { externalDocuments, loadSpec, schemaRegistry } from '../browser/openapi.mjs';

const [specPath, configSchemaPath] = process.argv.slice(2);
if (!configSchemaPath) {
  console.error('usage: openapi_lint.mjs OPENAPI_YAML CONFIG_SCHEMA_JSON');
  process.exit(2);
}

const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);
// Prints a stage's summary as ok only when the stage added no failure.
const stage = (before, text) => console.log(`${failures.length > before ? 'FAILED ' : 'ok     '} ${text}`);

// The spec as written: the validator's own copy gets rewritten (below).
const spec = loadSpec(specPath);
const external = externalDocuments(spec, specPath);

// The validator resolves no external $ref by itself, and it matches a ref to
// a document literally (not as a URL against the spec's location), so every
// document the spec refers to is handed to it under the ref as written. It
// then validates the spec as it is, $refs and all, and fails on any ref
// (docs/config.schema.json#/properties/display/... too) that does not resolve.
const validator = new Validator();
for (const [written, url] of external) {
  try {
    await validator.addSpecRef(fileURLToPath(url), written);
  } catch (e) {
    fail(`$ref ${written}`, e.message);
  }
}
if (failures.length) report();
const result = await validator.validate(specPath);
if (!result.valid) {
  for (const e of [].concat(result.errors)) fail('OpenAPI schema', JSON.stringify(e));
  report();
}
console.log(`ok      valid OpenAPI ${validator.version}`);
// resolveRefs() rewrites the validator's copy (it drops $schema keys, even a
// property of that name), so the schemas come from the parse above.
const api = validator.resolveRefs();

// Strict mode turns a misspelt keyword (maxlength, requried) into an error
// instead of a schema that silently accepts everything.
// docs/config.schema.json is compiled with them, through Config's $ref.
// strictRequired is off: ConfigDocument requires, in an allOf branch, the
// sections that docs/config.schema.json defines (the usual way to narrow).
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
addFormats.default(ajv);
const { ref } = schemaRegistry(ajv, spec, specPath);
let before = failures.length;
for (const [name, schema] of Object.entries(spec.components.schemas)) {
  let validate;
  try {
    validate = ajv.getSchema(ref(name));
  } catch (e) {
    fail(`schema ${name}`, e.message);
    continue;
  }
  for (const [i, example] of (schema.examples || []).entries()) {
    if (!validate(example)) fail(`schema ${name} example ${i}`, ajv.errorsText(validate.errors));
  }
}
stage(before, `${Object.keys(spec.components.schemas).length} schemas compile strictly and pass their examples`);
before = failures.length;

// The contract's conventions, operation by operation.
const ERROR_CONTENT = 'application/json';
const ids = new Set();
let operations = 0;
for (const [path, item] of Object.entries(api.paths)) {
  for (const [method, op] of Object.entries(item)) {
    if (!['get', 'put', 'post', 'patch', 'delete', 'head', 'options'].includes(method)) continue;
    operations++;
    const where = `${method.toUpperCase()} ${path}`;
    if (!op.operationId) fail(where, 'no operationId');
    else if (ids.has(op.operationId)) fail(where, `duplicate operationId ${op.operationId}`);
    ids.add(op.operationId);
    const secured = (op.security || api.security || []).length > 0;
    // the GETs that need the token: the config (and its sources), the screen and the log (addresses, feed errors)
    const needsAuth = method !== 'get' || path.startsWith('/api/v1/config') || ['/api/v1/screenshot.png', '/api/v1/log'].includes(path);
    if (secured !== needsAuth) fail(where, `security ${secured ? 'required' : 'absent'}; the contract says the opposite`);
    if (secured) {
      if (!op.responses['401']?.headers?.['WWW-Authenticate']) fail(where, '401 with WWW-Authenticate not documented');
      if (!op.responses['429']?.headers?.['Retry-After']) fail(where, '429 with Retry-After not documented');
    }
    for (const [status, response] of Object.entries(op.responses)) {
      if (Number(status) >= 400) {
        const types = Object.keys(response.content || {});
        if (types.length !== 1 || types[0] !== ERROR_CONTENT) fail(`${where} ${status}`, `error body is not only ${ERROR_CONTENT}`);
      }
      for (const [type, media] of Object.entries(response.content || {})) {
        // static files are cacheable; only API answers must say no-store
        const isStatic = (op.tags || []).includes('web');
        if (type === 'application/json' && !isStatic && !response.headers?.['Cache-Control']) fail(`${where} ${status}`, 'JSON answer without Cache-Control');
        if (!media.schema) fail(`${where} ${status} ${type}`, 'no schema');
      }
    }
    if (['put', 'patch'].includes(method)) {
      for (const status of ['200', '400', '412', '413', '415', '422']) {
        if (!op.responses[status]) fail(where, `${status} not documented`);
      }
      if (!op.parameters?.some((p) => p.in === 'header' && p.name === 'If-Match')) fail(where, 'no If-Match parameter');
    }
  }
}
if (!api.components.responses.MethodNotAllowed?.headers?.Allow) fail('MethodNotAllowed', 'no Allow header');
stage(before, `${operations} operations follow the auth and error conventions`);

checkConfigByReference(spec.components.schemas, JSON.parse(fs.readFileSync(configSchemaPath, 'utf8')));
report();

// The config document has one definition, docs/config.schema.json. Config
// must $ref it and ConfigDocument must build on Config; beside those refs they
// may only narrow the file format for the API (a key refused, a section
// required, a secret shown redacted), and only at keys the file format has:
// a copied limit or type here would drift from the file the firmware follows.
function checkConfigByReference(schemas, fileSchema) {
  const before = failures.length;
  const configFile = fs.realpathSync(configSchemaPath);
  const refersTo = (r) => (external.has(r) ? fs.realpathSync(fileURLToPath(external.get(r))) : null);
  const base = { Config: null, ConfigDocument: '#/components/schemas/Config' };
  let narrowed = 0;
  for (const [name, wantRef] of Object.entries(base)) {
    const schema = schemas[name];
    const where = `schema ${name}`;
    if (!schema) {
      fail(where, 'missing');
      continue;
    }
    for (const key of Object.keys(schema)) {
      if (!['description', 'allOf'].includes(key)) fail(where, `${key} beside allOf: say it in a branch that narrows, or in docs/config.schema.json`);
    }
    const branches = schema.allOf || [];
    const refs = branches.filter((b) => b.$ref).map((b) => b.$ref);
    const ok = wantRef ? refs.length === 1 && refs[0] === wantRef
      : refs.length === 1 && refersTo(refs[0]) === configFile;
    if (!ok) fail(where, `allOf must hold exactly one $ref, to ${wantRef || `${configSchemaPath} as a whole`} (has ${JSON.stringify(refs)})`);
    for (const branch of branches.filter((b) => !b.$ref)) narrowed += checkNarrowing(where, '$', branch, fileSchema);
  }
  stage(before, `Config is ${configSchemaPath} by reference, narrowed for the API at ${narrowed} keys it has`);
}

// Checks one narrowing branch against the part of the file schema at `path`;
// returns how many keys it narrows.
function checkNarrowing(where, path, branch, fileSchema) {
  const NARROWING = new Set(['type', 'required', 'properties']);
  const known = fileSchema.properties || {};
  let count = 0;
  for (const [key, value] of Object.entries(branch)) {
    if (!NARROWING.has(key)) fail(`${where} ${path}`, `${key}: copies the file format instead of narrowing it`);
    else if (key === 'type' && value !== 'object') fail(`${where} ${path}`, `type ${JSON.stringify(value)}: only "object" (for Ajv's strict mode) belongs here`);
  }
  for (const key of branch.required || []) {
    if (!(key in known)) fail(`${where} ${path}.${key}`, 'required, but not in docs/config.schema.json');
  }
  for (const [key, sub] of Object.entries(branch.properties || {})) {
    const at = `${path}.${key}`;
    if (!(key in known)) fail(`${where} ${at}`, 'narrowed, but not in docs/config.schema.json');
    else if (sub === false || (typeof sub.$ref === 'string' && sub.$ref.startsWith('#/components/schemas/') && Object.keys(sub).length === 1)) count++;
    else if (sub && typeof sub === 'object' && !sub.$ref) count += checkNarrowing(where, at, sub, known[key]);
    else fail(`${where} ${at}`, 'a narrowing is false (refused), a $ref to an API schema, or an object of those');
  }
  return count;
}

function report() {
  for (const f of failures) console.log(`FAIL    ${f}`);
  process.exit(failures.length ? 1 : 0);
}
