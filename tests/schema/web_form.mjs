#!/usr/bin/env node
// The settings form of the web page (assets/web/index.html) against
// docs/config.schema.json, the one description of the config: every field the
// form edits (data-path) is a key of the schema with the matching type; a
// number field's min and max are the schema's range (an exclusive minimum is
// the closest an HTML min can say); a maxlength is the schema's maxLength; a
// select offers exactly the schema's enum. The form is the last place a range
// is written by hand; this is what keeps it from drifting.
// Run by ctest (schema_web_form). Usage: web_form.mjs INDEX_HTML CONFIG_SCHEMA_JSON
import fs from 'node:fs';

const [htmlPath, schemaPath] = process.argv.slice(2);
if (!schemaPath) {
  console.error('usage: web_form.mjs INDEX_HTML CONFIG_SCHEMA_JSON');
  process.exit(2);
}
const html = fs.readFileSync(htmlPath, 'utf8');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
const failures = [];
const fail = (where, what) => failures.push(`${where}: ${what}`);

const attrs = (tag) => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));

function schemaAt(path) {
  let node = schema;
  for (const key of path.replace(/^\$\./, '').split('.')) {
    node = node && node.properties && node.properties[key];
  }
  return node;
}

const fields = [];
for (const m of html.matchAll(/<input\b[^>]*>/g)) {
  const a = attrs(m[0]);
  if (a['data-path']) fields.push({ tag: 'input', a });
}
for (const m of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/g)) {
  const a = attrs(m[1]);
  const options = [...m[2].matchAll(/<option\b[^>]*value="([^"]*)"/g)].map((o) => o[1]);
  if (a['data-path']) fields.push({ tag: 'select', a, options });
}
if (fields.length === 0) fail(htmlPath, 'no form field with a data-path: has the page changed shape?');

const typeOf = (f) => {
  if (f.tag === 'select') return f.a['data-type'] === 'integer' ? 'integer' : 'string';
  if (f.a.type === 'checkbox') return 'boolean';
  if (f.a['data-type'] === 'list') return 'array';
  if (f.a.type === 'number') return f.a['data-type'] || 'number';
  return 'string';
};

for (const f of fields) {
  const path = f.a['data-path'];
  const where = `#${f.a.id} (${path})`;
  const s = schemaAt(path);
  if (!s) {
    fail(where, 'no such key in the config schema');
    continue;
  }
  const want = s.enum ? (typeof s.enum[0] === 'number' ? 'integer' : 'string') : s.type;
  if (typeOf(f) !== want) fail(where, `the form edits it as ${typeOf(f)}, the schema says ${want}`);
  if (f.tag === 'select') {
    const schemaValues = (s.enum || []).map(String).sort();
    const formValues = [...f.options].sort();
    if (JSON.stringify(schemaValues) !== JSON.stringify(formValues))
      fail(where, `options ${formValues.join(',')} but the schema allows ${schemaValues.join(',')}`);
  }
  if (f.a.type === 'number') {
    const lo = s.minimum ?? s.exclusiveMinimum;
    if (lo === undefined || Number(f.a.min) !== lo) fail(where, `min="${f.a.min}" but the schema's minimum is ${lo}`);
    if (s.maximum === undefined || Number(f.a.max) !== s.maximum)
      fail(where, `max="${f.a.max}" but the schema's maximum is ${s.maximum}`);
  }
  if (f.a.maxlength !== undefined && Number(f.a.maxlength) !== s.maxLength)
    fail(where, `maxlength="${f.a.maxlength}" but the schema's maxLength is ${s.maxLength}`);
}

if (failures.length) {
  for (const f of failures) console.error(`FAIL ${f}`);
  process.exit(1);
}
console.log(`ok: ${fields.length} form fields agree with ${schemaPath}`);
