// Conformance of the running board with docs/openapi.yaml: every operation is
// exercised, and every answer must have a documented status, its documented
// headers and content type, and a body the documented schema accepts. On top
// of that the contract's semantics: auth, 404/405/413/415/400/422/412, merge
// patch null = default, secrets never returned, and GET gives every key of
// the file format the spec's Config refers to. No rate limiting here (the
// lead's Python tests cover it): each board sees at most 4 failed auths.
// Run by run_web_test.py with WB_URL/WB_TOKEN (and WB_URL_2/WB_TOKEN_2).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { deref, externalDocuments, loadSpec, schemaRegistry } from './openapi.mjs';
import { env, steps, waitFor } from './util.mjs';

const SPEC = env('WB_SPEC');
const spec = loadSpec(SPEC);
const BOARDS = [
  { url: env('WB_URL'), token: env('WB_TOKEN'), authFailures: 0 },
  { url: env('WB_URL_2'), token: env('WB_TOKEN_2'), authFailures: 0 },
];
const [board, spare] = BOARDS;
const SECRETS = [env('WB_FEED_TOKEN'), ...BOARDS.map((b) => b.token)];
const AUTH_FAILURE_BUDGET = 4; // the server locks an address out at 5

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats.default(ajv);
const schemas = schemaRegistry(ajv, spec, SPEC);
const compiled = new Map();
const validatorFor = (schema) => {
  if (!compiled.has(schema)) compiled.set(schema, schemas.compile(schema));
  return compiled.get(schema);
};

// The config file format (docs/config.schema.json), found the way a reader of
// the spec finds it: through Config's $ref.
const configRef = spec.components.schemas.Config.allOf.find((branch) => branch.$ref).$ref;
const fileSchema = JSON.parse(fs.readFileSync(fileURLToPath(externalDocuments(spec, SPEC).get(configRef)), 'utf8'));
// What GET leaves out of the file format: $schema is for editors, the admin
// token's hash is only ever in the board's state file.
const NOT_SHOWN = new Set(['$.$schema', '$.admin.token_hash']);

// ConfigDocument requires only the sections, so that a new key needs no
// change in the spec; this holds GET to "every key" by the file format
// itself. Only plain objects (`properties`) are walked: weekly hours and
// alert rules are oneOf values whose keys are optional by meaning.
function keyProblems(schema, value, path = '$') {
  const problems = [];
  for (const [key, sub] of Object.entries(schema.properties || {})) {
    const at = `${path}.${key}`;
    if (NOT_SHOWN.has(at) === (key in value)) problems.push(`${at} ${NOT_SHOWN.has(at) ? 'shown' : 'missing'}`);
    else if (sub.properties && value[key] && typeof value[key] === 'object') problems.push(...keyProblems(sub, value[key], at));
  }
  return problems;
}

// operationId -> statuses seen, for the coverage report at the end
const seen = new Map();

// auth: 'good' (the board's token), 'public' (none, where none is needed),
// 'none' or 'wrong' (a failed attempt, counted against the budget).
// A raw HTTP request: node's fetch would normalise paths like /../ away and
// refuses some methods, and we need exactly what we send on the wire.
function request(target, method, path, { headers = {}, body, auth = 'good' } = {}) {
  const h = { ...headers };
  if (auth === 'good') h.Authorization = `Bearer ${target.token}`;
  else if (auth === 'wrong') h.Authorization = 'Bearer wrong-token-0123456789abcdef';
  if (auth === 'none' || auth === 'wrong') {
    target.authFailures++;
    assert.ok(target.authFailures <= AUTH_FAILURE_BUDGET, 'the test would trip the rate limit');
  }
  const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  if (payload) h['Content-Length'] = String(payload.length);
  const url = new URL(target.url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, method, path, headers: h }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, raw: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    // a server that answers 413 before reading the whole body may close the
    // connection while we still write; the answer is what counts
    req.on('error', (e) => (e.code === 'EPIPE' || e.code === 'ECONNRESET' ? null : reject(e)));
    req.end(payload);
  });
}

// The documented operation for a concrete path, with its template.
function operationFor(method, path) {
  const clean = path.split('?')[0];
  const candidates = Object.keys(spec.paths)
    .map((template) => ({ template, re: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`) }))
    .filter(({ re }) => re.test(clean))
    // a concrete path wins over a templated one (/healthz over /{file})
    .sort((a, b) => (a.template.includes('{') ? 1 : 0) - (b.template.includes('{') ? 1 : 0));
  if (!candidates.length) return { template: null, item: null, op: null };
  const { template } = candidates[0];
  const item = spec.paths[template];
  return { template, item, op: item[method.toLowerCase()] || null };
}

const mediaType = (value) => (value || '').split(';')[0].trim().toLowerCase();

// Checks one answer against the document; returns the parsed body.
function conform(method, path, res, expectedStatus) {
  const where = `${method} ${path} -> ${res.status}`;
  assert.equal(res.status, expectedStatus, `${where}: expected ${expectedStatus}; body ${res.raw.toString().slice(0, 300)}`);
  const { template, item, op } = operationFor(method, path);
  let response;
  if (!template) response = deref(spec, spec.components.responses.NotFound);
  else if (!op) response = deref(spec, spec.components.responses.MethodNotAllowed);
  else {
    response = deref(spec, op.responses[String(res.status)]);
    assert.ok(response, `${where}: status not documented for ${op.operationId}`);
    if (!seen.has(op.operationId)) seen.set(op.operationId, new Set());
    seen.get(op.operationId).add(String(res.status));
  }
  if (res.status === 404 && template && op) response = deref(spec, op.responses['404']) || response;
  assert.ok(response, `${where}: no documented answer`);
  if (!op) assert.ok([404, 405].includes(res.status), `${where}: undocumented operation answered`);

  for (const [name, header] of Object.entries(response.headers || {})) {
    const h = deref(spec, header);
    const value = res.headers[name.toLowerCase()];
    if (h.required) assert.ok(value !== undefined, `${where}: header ${name} missing`);
    if (value !== undefined) {
      const v = validatorFor(h.schema);
      assert.ok(v(value), `${where}: header ${name}: ${JSON.stringify(value)} ${ajv.errorsText(v.errors)}`);
    }
  }
  const types = Object.keys(response.content || {});
  const got = res.headers['content-type'];
  const media = types.find((t) => mediaType(t) === mediaType(got));
  assert.ok(types.length === 0 || media, `${where}: Content-Type ${got} not documented (${types.join(', ')})`);
  if (media === 'text/plain; version=0.0.4') assert.match(got, /version=0\.0\.4/, `${where}: Content-Type ${got}`);

  const text = res.raw.toString('utf8');
  for (const secret of SECRETS) assert.ok(!text.includes(secret), `${where}: a secret is in the body`);
  let body = text;
  if (mediaType(got) === 'application/json') {
    body = JSON.parse(text);
    const schema = response.content[media].schema;
    const v = validatorFor(schema);
    assert.ok(v(body), `${where}: body does not match the schema: ${ajv.errorsText(v.errors)}\n${text.slice(0, 500)}`);
    if ((template && template.startsWith('/api/')) || template === '/healthz' || !op) {
      assert.equal(res.headers['cache-control'], 'no-store', `${where}: Cache-Control`);
    }
  }
  return body;
}

async function call(method, path, expectedStatus, options = {}) {
  const target = options.board || board;
  const res = await request(target, method, path, options);
  return { res, body: conform(method, path, res, expectedStatus) };
}

const json = { 'Content-Type': 'application/json' };
const mergeJson = { 'Content-Type': 'application/merge-patch+json' };
const getConfig = async () => {
  const { res, body } = await call('GET', '/api/v1/config', 200);
  return { doc: body, etag: res.headers.etag };
};
const allowed = (res) => res.headers.allow.split(',').map((m) => m.trim());

await steps([
  ['public endpoints answer without a token', async () => {
    const health = (await call('GET', '/healthz', 200, { auth: 'public' })).body;
    assert.equal(health.status, 'ok');
    const status = (await call('GET', '/api/v1/status', 200, { auth: 'public' })).body;
    assert.equal(status.feed.state, 'ok', `feed state: ${JSON.stringify(status.feed)}`);
    // the URL's host (with its port, as URL.host has it), never more
    assert.match(status.feed.host, /^127\.0\.0\.1(:\d+)?$/);
    assert.equal(status.pairing.pending, false, 'admin.token was set in the config');
    assert.equal(status.alerts.length, 3, 'feed-full.json has three alerts');
    const metrics = (await call('GET', '/metrics', 200, { auth: 'public' })).body;
    assert.match(metrics, /^# (HELP|TYPE) /m);
    const { res, body: page } = await call('GET', '/', 200, { auth: 'public' });
    assert.match(page, /<script src="app\.js"/);
    // the page is written for this policy: no inline script or style
    const csp = res.headers['content-security-policy'] || '';
    assert.match(csp, /default-src 'self'/, `CSP: ${csp}`);
    assert.match(csp, /img-src 'self' blob:/, `CSP: ${csp}`);
    for (const [file, type] of [['index.html', 'text/html'], ['app.js', 'javascript'], ['style.css', 'text/css']]) {
      const { res } = await call('GET', `/${file}`, 200, { auth: 'public' });
      assert.ok(res.headers['content-type'].includes(type), `/${file}: ${res.headers['content-type']}`);
    }
  }],
  ['unknown paths and escapes from assets/web are 404', async () => {
    for (const path of ['/api/v1/nothing', '/api/v2/status', '/no-such-file.js', '/sub/app.js', '/../README.md',
      '/%2e%2e/README.md', '/..%2fREADME.md', '/.%2e/CMakeLists.txt', '/api/v1/alerts/x/y/ack']) {
      const { res } = await call('GET', path, 404);
      assert.equal(JSON.parse(res.raw).error, 'not_found');
    }
  }],
  ['wrong methods are 405 with an Allow header naming the right ones', async () => {
    for (const [method, path] of [['DELETE', '/api/v1/config'], ['POST', '/api/v1/config'], ['GET', '/api/v1/identify'],
      ['PUT', '/api/v1/status'], ['POST', '/healthz'], ['DELETE', '/api/v1/screenshot.png'], ['GET', '/api/v1/alerts/a-17/ack'],
      ['POST', '/metrics']]) {
      const { res } = await call(method, path, 405);
      const methods = allowed(res);
      assert.ok(!methods.includes(method), `${method} ${path}: Allow ${res.headers.allow}`);
      for (const m of Object.keys(spec.paths[path] || spec.paths['/api/v1/alerts/{id}/ack'])) {
        assert.ok(methods.includes(m.toUpperCase()), `${method} ${path}: Allow ${res.headers.allow} lacks ${m.toUpperCase()}`);
      }
    }
  }],
  ['operations that need the token refuse none or a wrong one with 401', async () => {
    const cases = [
      [board, 'none', 'GET', '/api/v1/config'],
      [board, 'wrong', 'GET', '/api/v1/screenshot.png'],
      [board, 'none', 'PUT', '/api/v1/config', { body: {}, headers: json }],
      [board, 'wrong', 'PATCH', '/api/v1/config', { body: {}, headers: mergeJson }],
      [spare, 'none', 'POST', '/api/v1/identify'],
      [spare, 'wrong', 'POST', '/api/v1/alerts/a-17/ack'],
      [spare, 'wrong', 'GET', '/api/v1/config'],
      [spare, 'none', 'GET', '/api/v1/screenshot.png'],
    ];
    for (const [target, auth, method, path, options = {}] of cases) {
      const { body } = await call(method, path, 401, { ...options, board: target, auth });
      assert.equal(body.error, 'unauthorized');
    }
    // still served with the right token: four failures are below the limit
    await call('GET', '/api/v1/config', 200, { board: spare });
  }],
  ['GET /api/v1/config gives every key, secrets redacted, with an ETag', async () => {
    const { doc, etag } = await getConfig();
    assert.deepEqual(keyProblems(fileSchema, doc), [], `not every key of ${configRef}`);
    assert.equal(doc.feed.token, '********');
    assert.equal(doc.admin.token, '********');
    assert.equal(doc.http.port, 0);
    assert.equal(doc.display.title, env('WB_TITLE'));
    const again = await getConfig();
    assert.equal(again.etag, etag, 'the ETag changed without a change');
  }],
  ['PUT of the document as read round-trips and keeps the secrets', async () => {
    const { doc, etag } = await getConfig();
    const v = validatorFor({ $ref: schemas.ref('Config') });
    assert.ok(v(doc), `the GET document is not a valid PUT body: ${ajv.errorsText(v.errors)}`);
    const put = await call('PUT', '/api/v1/config', 200, { body: doc, headers: { ...json, 'If-Match': etag } });
    assert.deepEqual(put.body, doc);
    // the admin token still works and the feed token still fetches
    await getConfig();
    const status = (await call('GET', '/api/v1/status', 200)).body;
    assert.notEqual(status.feed.state, 'error', `feed after the round trip: ${JSON.stringify(status.feed)}`);
  }],
  ['PUT changes the document, gives a new ETag, and left-out keys take their defaults', async () => {
    const { doc, etag } = await getConfig();
    const changed = JSON.parse(JSON.stringify(doc));
    changed.display.title = 'Vloer 5 – API test';
    changed.display.rotation = 180;
    changed.display.theme = 'light';
    changed.display.channels = ['whatsapp', 'twitter'];
    delete changed.display.page_s;
    const put = await call('PUT', '/api/v1/config', 200, { body: changed, headers: { ...json, 'If-Match': etag } });
    assert.notEqual(put.res.headers.etag, etag);
    assert.equal(put.body.display.title, 'Vloer 5 – API test');
    assert.equal(put.body.display.page_s, 15, 'a left-out key did not go back to its default');
    assert.deepEqual(put.body.display.channels, ['whatsapp', 'twitter']);
    const after = await getConfig();
    assert.equal(after.etag, put.res.headers.etag);
    assert.deepEqual(after.doc, put.body);
    // applied live: the main thread takes it on its next frame
    await waitFor('the status to show the new title, rotation and theme', async () => {
      const { name, display } = (await call('GET', '/api/v1/status', 200)).body;
      return name === 'Vloer 5 – API test' && display.rotation === 180 && display.theme === 'light';
    });
  }],
  ['PATCH merges, null puts a key (or a section) back to the layers below', async () => {
    const { etag } = await getConfig();
    let r = await call('PATCH', '/api/v1/config', 200, {
      body: { display: { scale: 1.5, rotation: null }, sla: { warn_ratio: 0.5 } }, headers: { ...mergeJson, 'If-Match': etag },
    });
    assert.equal(r.body.display.scale, 1.5);
    assert.equal(r.body.display.rotation, 0);
    assert.equal(r.body.display.theme, 'light', 'a key the patch did not name changed');
    assert.equal(r.body.sla.warn_ratio, 0.5);
    r = await call('PATCH', '/api/v1/config', 200, { body: { display: { scale: null } }, headers: json });
    assert.equal(r.body.display.scale, 1);
    r = await call('PATCH', '/api/v1/config', 200, { body: { sla: null, display: { title: null } }, headers: mergeJson });
    assert.equal(r.body.sla.warn_ratio, 0.75);
    assert.deepEqual(r.body.sla.targets, {});
    // The board's config file sets the title (run_web_test.py): the
    // device's change goes, the file's value is back.
    assert.equal(r.body.display.title, 'Webcare NL, browser test');
    assert.equal(r.body.feed.token, '********', 'the feed token went with an unrelated patch');
    const src = await call('GET', '/api/v1/config/sources', 200);
    assert.deepEqual(src.body.order, ['default', 'file', 'command_line', 'managed', 'device']);
    assert.equal(src.body.sources['display.title'], 'file');
    assert.equal(src.body.sources['display.theme'], 'device');
    assert.equal(src.body.sources['sla.warn_ratio'], undefined, 'a key back at its default has no layer');
  }],
  ['If-Match with an old ETag is 412 and changes nothing', async () => {
    const before = await getConfig();
    for (const [method, headers, body] of [['PUT', json, before.doc], ['PATCH', mergeJson, { display: { title: 'x' } }]]) {
      const r = await call(method, '/api/v1/config', 412, { body, headers: { ...headers, 'If-Match': '"0123456789abcdef"' } });
      assert.equal(r.body.error, 'precondition_failed');
    }
    const after = await getConfig();
    assert.equal(after.etag, before.etag);
  }],
  ['invalid config is 422 with every problem at its path, and changes nothing', async () => {
    const before = await getConfig();
    const bad = JSON.parse(JSON.stringify(before.doc));
    bad.feed.interval_s = 1;
    bad.display.scale = 9;
    bad.display.language = 'de';
    bad.display.channels = ['twitter', 'Not An Id'];
    bad.sla.targets = { whatsapp: 0 };
    bad.display.colour = 'red';
    const r = await call('PUT', '/api/v1/config', 422, { body: bad, headers: json });
    assert.equal(r.body.error, 'invalid_config');
    const paths = r.body.problems.map((p) => p.path);
    for (const want of ['$.feed.interval_s', '$.display.scale', '$.display.language', '$.display.channels[1]',
      '$.sla.targets.whatsapp', '$.display.colour']) {
      assert.ok(paths.includes(want), `no problem at ${want}: ${JSON.stringify(r.body.problems)}`);
    }
    const p = await call('PATCH', '/api/v1/config', 422, { body: { display: { rotation: 45 } }, headers: mergeJson });
    assert.deepEqual(p.body.problems.map((x) => x.path), ['$.display.rotation']);
    const short = await call('PATCH', '/api/v1/config', 422, { body: { admin: { token: 'too-short' } }, headers: mergeJson });
    assert.deepEqual(short.body.problems.map((x) => x.path), ['$.admin.token']);
    const after = await getConfig();
    assert.equal(after.etag, before.etag);
    assert.deepEqual(after.doc, before.doc);
  }],
  ['a body that is not JSON is 400, a wrong content type 415, a big body 413', async () => {
    for (const method of ['PUT', 'PATCH']) {
      let r = await call(method, '/api/v1/config', 400, { body: '{"display": {', headers: json });
      assert.equal(r.body.error, 'bad_request');
      r = await call(method, '/api/v1/config', 415, { body: '{}', headers: { 'Content-Type': 'text/plain' } });
      assert.equal(r.body.error, 'unsupported_media_type');
      r = await call(method, '/api/v1/config', 415, { body: '{}' });
      assert.equal(r.body.error, 'unsupported_media_type');
      const big = JSON.stringify({ display: { title: 'x' } }) + ' '.repeat(65 * 1024);
      r = await call(method, '/api/v1/config', 413, { body: big, headers: json });
      assert.equal(r.body.error, 'payload_too_large');
    }
    await call('PUT', '/api/v1/config', 415, { body: '{}', headers: mergeJson });
  }],
  ['an alert is acknowledged; an unknown one is 404', async () => {
    const status = (await call('GET', '/api/v1/status', 200)).body;
    const alert = status.alerts.find((a) => !a.acknowledged);
    const r = await call('POST', `/api/v1/alerts/${encodeURIComponent(alert.id)}/ack`, 200);
    assert.deepEqual(r.body, { id: alert.id, acknowledged: true });
    const after = await waitFor(`the status to show ${alert.id} acknowledged`, async () => {
      const now = (await call('GET', '/api/v1/status', 200)).body;
      return now.alerts.find((a) => a.id === alert.id)?.acknowledged && now;
    });
    assert.equal(after.alerts.length, status.alerts.length, 'an acked alert must stay until the feed clears it');
    const missing = await call('POST', '/api/v1/alerts/no-such-alert/ack', 404);
    assert.equal(missing.body.error, 'not_found');
  }],
  ['identify is accepted for 10 s and shows in the status', async () => {
    const r = await call('POST', '/api/v1/identify', 202);
    assert.equal(r.body.seconds, 10);
    await waitFor('the status to show identify_active', async () =>
      (await call('GET', '/api/v1/status', 200)).body.identify_active === true);
  }],
  ['the screenshot is a PNG of the display size', async () => {
    const { res } = await call('GET', '/api/v1/screenshot.png', 200);
    assert.deepEqual([...res.raw.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const status = (await call('GET', '/api/v1/status', 200)).body;
    assert.deepEqual([res.raw.readUInt32BE(16), res.raw.readUInt32BE(20)], [status.display.width, status.display.height]);
  }],
  ['an update bundle is taken whole, then the board is busy until the image has it', async () => {
    const octet = { 'Content-Type': 'application/octet-stream' };
    const before = (await call('GET', '/api/v1/update', 200, { auth: 'public' })).body;
    assert.equal(before.pending, false);
    const r = await call('POST', '/api/v1/update', 202, { headers: octet, body: 'not really a bundle' });
    assert.equal(r.body.pending, true);
    const again = await call('POST', '/api/v1/update', 409, { headers: octet, body: 'a second one' });
    assert.equal(again.body.error, 'busy');
    await call('POST', '/api/v1/update', 415, { headers: json, body: {} });
  }],
  ['the recent log lines need the token and hold no secret', async () => {
    const r = await call('GET', '/api/v1/log', 200);
    assert.ok(r.body.lines.length > 0, 'the board has said nothing');
    for (const secret of SECRETS) assert.ok(!r.res.raw.toString().includes(secret), 'a secret in the log');
    const two = await call('GET', '/api/v1/log?limit=2', 200);
    assert.equal(two.body.lines.length, 2);
    await call('GET', '/api/v1/log?limit=-1', 400);
  }],
  ['a feed test polls once with the saved token and saves nothing', async () => {
    const before = await call('GET', '/api/v1/config', 200);
    const url = before.body.feed.url;
    const r = await call('POST', '/api/v1/feed/test', 200, { headers: json, body: { url, token: '********' } });
    assert.equal(r.body.ok, true, JSON.stringify(r.body));
    assert.ok(r.body.channels > 0);
    const bad = await call('POST', '/api/v1/feed/test', 200, { headers: json, body: { url: `${url}-nope`, token: '********' } });
    assert.equal(bad.body.ok, false);
    assert.equal(bad.body.http_status, 404);
    await call('POST', '/api/v1/feed/test', 422, { headers: json, body: { url, timeout_s: 0 } });
    await call('POST', '/api/v1/feed/test', 400, { headers: json, body: '[1]' });
    await call('POST', '/api/v1/feed/test', 415, { headers: mergeJson, body: '{}' });
    const after = await call('GET', '/api/v1/config', 200);
    assert.equal(after.res.headers.etag, before.res.headers.etag, 'a feed test changed the config');
  }],
  ['every documented operation was exercised with a success', async () => {
    const missing = [];
    for (const [template, item] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const statuses = [...(seen.get(op.operationId) || [])];
        const undone = Object.keys(op.responses).filter((s) => !statuses.includes(s));
        if (!statuses.some((s) => s.startsWith('2'))) missing.push(`${method.toUpperCase()} ${template}`);
        if (undone.length) console.log(`        ${op.operationId}: not provoked here: ${undone.join(', ')}`);
      }
    }
    assert.deepEqual(missing, []);
  }],
]);
