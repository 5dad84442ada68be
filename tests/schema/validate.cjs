#!/usr/bin/env node
// Checks docs/feed-v1.schema.json against the parser's view of the world:
// every docs/examples/*.json must be valid, and every rejected fixture whose
// problem JSON Schema can express must be invalid. Run by ctest (schema_*).
// Usage: validate.cjs SCHEMA EXAMPLES_DIR FIXTURES_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

// Fixtures in tests/fixtures/feed the schema must reject too. The others
// break rules only the board checks (unique ids, byte caps, JSON syntax).
const SCHEMA_REJECTS = [
  'bad-history.json',
  'bad-mention-sentiment.json',
  'bad-severity.json',
  'bad-yesterday.json',
  'history-too-long.json',
  'too-many-alerts.json',
  'too-many-channels.json',
  'too-many-latest.json',
  'version-2.json',
];

const [schemaPath, examplesDir, fixturesDir] = process.argv.slice(2);
if (!fixturesDir) {
  console.error('usage: validate.cjs SCHEMA EXAMPLES_DIR FIXTURES_DIR');
  process.exit(2);
}

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
const load = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));

let failures = 0;
const examples = fs.readdirSync(examplesDir).filter((f) => f.endsWith('.json')).sort();
if (examples.length === 0) {
  console.error(`no examples in ${examplesDir}`);
  failures++;
}
for (const name of examples) {
  if (validate(load(path.join(examplesDir, name)))) {
    console.log(`ok      ${name}`);
  } else {
    failures++;
    console.log(`INVALID ${name}`);
    for (const e of validate.errors) console.log(`    ${e.instancePath || '/'} ${e.message}`);
  }
}
for (const name of SCHEMA_REJECTS) {
  if (validate(load(path.join(fixturesDir, name)))) {
    failures++;
    console.log(`ACCEPTED ${name} (the schema should reject it, as the board does)`);
  } else {
    console.log(`ok      ${name} rejected at ${validate.errors[0].instancePath || '/'}`);
  }
}
process.exit(failures ? 1 : 0);
