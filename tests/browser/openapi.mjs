// Reads docs/openapi.yaml for the tests: its component schemas registered with
// Ajv (OpenAPI 3.1 schemas are JSON Schema 2020-12, so Ajv checks them as they
// are) together with the schema files they $ref (docs/config.schema.json),
// and the documented answer of an operation looked up by status code.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import YAML from 'yaml';

const SCHEMA_REF = '#/components/schemas/';

export function loadSpec(file) {
  return YAML.parse(fs.readFileSync(file, 'utf8'));
}

// A relative $ref resolves against the URL of the document it is in (OpenAPI
// 3.1 "Relative References in URIs"), so the spec is registered under its own
// file URL and every file it refers to under the URL its ref resolves to.
export function specUrl(specFile) {
  return pathToFileURL(path.resolve(specFile)).href;
}

const isExternal = (ref) => typeof ref === 'string' && !ref.startsWith('#');

function walk(node, visit) {
  if (Array.isArray(node)) node.forEach((n) => walk(n, visit));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') visit(value);
      else walk(value, visit);
    }
  }
}

// Every other document the spec refers to: the ref as written (without a
// fragment) -> its absolute file URL.
export function externalDocuments(spec, specFile) {
  const base = specUrl(specFile);
  const docs = new Map();
  walk(spec, (ref) => {
    if (!isExternal(ref)) return;
    const written = ref.split('#')[0];
    const url = new URL(written, base);
    if (url.protocol !== 'file:') throw new Error(`$ref ${ref}: only files next to the spec are supported`);
    docs.set(written, url.href);
  });
  return docs;
}

// Schema refs become absolute (components into the one registered document,
// files to their URL), so a schema taken from anywhere in the spec compiles
// on its own.
function absolutize(node, base) {
  if (Array.isArray(node)) return node.map((n) => absolutize(n, base));
  if (!node || typeof node !== 'object') return node;
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== '$ref' || typeof value !== 'string') out[key] = absolutize(value, base);
    else if (value.startsWith(SCHEMA_REF)) out[key] = `${base}#/$defs/${value.slice(SCHEMA_REF.length)}`;
    else out[key] = isExternal(value) ? new URL(value, base).href : value;
  }
  return out;
}

export function schemaRegistry(ajv, spec, specFile) {
  const base = specUrl(specFile);
  for (const url of new Set(externalDocuments(spec, specFile).values())) {
    ajv.addSchema(JSON.parse(fs.readFileSync(fileURLToPath(url), 'utf8')), url);
  }
  ajv.addSchema({ $id: base, $defs: absolutize(spec.components.schemas, base) });
  return {
    ref: (name) => `${base}#/$defs/${name}`,
    compile: (schema) => ajv.compile(absolutize(schema, base)),
  };
}

// Follows a non-schema $ref (#/components/responses/X and the like).
export function deref(spec, node) {
  while (node && typeof node.$ref === 'string') {
    node = node.$ref.slice(2).split('/').reduce((at, part) => at?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return node;
}
