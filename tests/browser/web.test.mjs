// The configuration page in Debian's chromium (driven by playwright-core, no
// downloaded browser) against the real board: enter the token, change the
// title and see it on screen, get the server's error next to a bad field,
// ack an alert, identify, and a 412 when someone else saved in between.
// Run by run_web_test.py, which passes WB_URL, WB_TOKEN and WB_TITLE.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { env, openPage, steps, waitFor } from './util.mjs';

const BASE = env('WB_URL');
const TOKEN = env('WB_TOKEN');
const START_TITLE = env('WB_TITLE');
const NEW_TITLE = `Vloer ${process.pid % 1000}, getest`;
const OTHER_TITLE = 'Changed by someone else';

const authed = { Authorization: `Bearer ${TOKEN}` };
const getJson = async (p, headers = {}) => {
  const res = await fetch(new URL(p, BASE), { headers });
  assert.equal(res.status, 200, `GET ${p}`);
  return { body: await res.json(), etag: res.headers.get('ETag') };
};
const status = async () => (await getJson('/api/v1/status')).body;
const config = () => getJson('/api/v1/config', authed);

const { page, errors: pageErrors, close } = await openPage(chromium, 'nl-NL');

const text = (selector) => page.locator(selector).textContent();
const waitText = (selector, expected) =>
  page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want, [selector, expected]);
const seq = async () => Number(await page.locator('#screenshot').getAttribute('data-seq'));
const waitNewScreenshot = async (after) =>
  page.waitForFunction((n) => Number(document.querySelector('#screenshot').dataset.seq) > n, after);

// The header band's title side (the clock and date on the right change every
// second) of the screenshot shown now, kept in the page under `name`; the
// band ends at the first row that differs from the top row's colour.
const grabHeader = (name) => page.evaluate((key) => {
  const img = document.querySelector('#screenshot');
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  const ctx = canvas.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const column = ctx.getImageData(1, 0, 1, canvas.height).data;
  let band = 1;
  while (band < canvas.height && column[band * 4] === column[0] && column[band * 4 + 1] === column[1]
         && column[band * 4 + 2] === column[2]) band++;
  const width = Math.floor(canvas.width * 0.4);
  const pixels = ctx.getImageData(0, 0, width, band).data;
  window.headerBands = window.headerBands || {};
  window.headerBands[key] = pixels;
  return { width, band, size: [canvas.width, canvas.height] };
}, name);
const headerDiff = (a, b) => page.evaluate(([x, y]) => {
  const p = window.headerBands[x];
  const q = window.headerBands[y];
  if (p.length !== q.length) return -1;
  let differing = 0;
  for (let i = 0; i < p.length; i += 4) {
    if (p[i] !== q[i] || p[i + 1] !== q[i + 1] || p[i + 2] !== q[i + 2]) differing++;
  }
  return differing;
}, [a, b]);

await steps([
  ['the page loads in Dutch for an nl-NL browser, status without a token', async () => {
    const res = await page.goto(BASE);
    assert.equal(res.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'nl');
    assert.equal(await text('#token-heading'), 'Beheertoken');
    await page.waitForFunction((want) => document.querySelector('#board-name').textContent.includes(want), START_TITLE);
    await page.waitForFunction(() => document.querySelector('#feed-state').textContent.startsWith('in orde'));
    assert.notEqual(await text('#feed-last-success'), 'nog nooit');
    assert.equal(await page.locator('li.alert').count(), (await status()).alerts.length);
    assert.equal(await page.locator('li.alert button.ack').count(), 3, 'feed-full.json has three alerts to ack');
    assert.equal(await page.locator('#screenshot').isHidden(), true);
  }],
  ['a wrong token is refused and asked for again', async () => {
    await page.fill('#token', 'not-the-admin-token-at-all');
    await page.click('#token-save');
    await waitText('#token-message', 'Het token klopt niet (meer). Vul het opnieuw in.');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  }],
  ['the right token loads the settings and the screenshot', async () => {
    await page.fill('#token', TOKEN);
    await page.click('#token-save');
    await waitText('#config-message', 'Instellingen geladen.');
    assert.equal(await page.inputValue('#f-title'), START_TITLE);
    assert.equal(await page.inputValue('#f-feed-token'), '********');
    assert.equal(await page.inputValue('#f-privacy'), 'off');
    assert.equal(await page.evaluate(() => localStorage.length), 0, 'the token must not reach localStorage');
    await waitNewScreenshot(0);
    const shot = await grabHeader('before');
    assert.deepEqual(shot.size, [1280, 720]);
    assert.ok(shot.band > 10 && shot.band < 720 / 4, `header band of ${shot.band} px`);
  }],
  ['a new title is saved, applied and drawn in the header', async () => {
    await page.fill('#f-title', NEW_TITLE);
    await page.selectOption('#f-privacy', 'names');
    await page.click('#config-save');
    await waitText('#config-message', 'Opgeslagen en toegepast.');
    await waitFor('GET /api/v1/status to name the new title', async () => (await status()).name === NEW_TITLE);
    assert.equal((await config()).body.display.title, NEW_TITLE);
    assert.equal((await config()).body.display.privacy, 'names');
    // two fresh screenshots: the second was certainly asked for after the
    // board had the new title
    await waitNewScreenshot((await seq()) + 1);
    await grabHeader('after');
    const differing = await headerDiff('before', 'after');
    assert.ok(differing > 0, `the header's title side did not change (${differing} pixels differ)`);
    await page.waitForFunction((want) => document.querySelector('#board-name').textContent.includes(want), NEW_TITLE);
  }],
  ['bad values get the server\'s message next to their fields, and change nothing', async () => {
    const before = await config();
    await page.fill('#f-interval', '1');
    await page.fill('#f-scale', '9');
    // the channel table's target of the first channel: 0 minutes
    const firstChannel = Object.keys((await status()).trend_hours)[0];
    const targetField = `#channel-rows tr[data-channel="${firstChannel}"] input.target`;
    await page.fill(targetField, '0');
    // a problem in a key the form does not show: added to the request on its
    // way out, so the real server judges it and the page lists it apart
    await page.route('**/api/v1/config', (route) => {
      if (route.request().method() !== 'PUT') return route.continue();
      const doc = JSON.parse(route.request().postData());
      doc.display.page_s = 1;
      return route.continue({ postData: JSON.stringify(doc) });
    });
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/config') && r.request().method() === 'PUT');
    await page.click('#config-save');
    const res = await answer;
    await page.unroute('**/api/v1/config');
    assert.equal(res.status(), 422);
    const problems = (await res.json()).problems;
    const at = (jsonPath) => problems.filter((p) => p.path === jsonPath).map((p) => p.message);
    // The board's message in the page's language (Dutch here).
    for (const [field, jsonPath, english, dutch] of [
      ['#f-interval', '$.feed.interval_s', 'must be from 2 to 3600 (got 1)', 'moet van 2 tot 3600 zijn (was 1)'],
      ['#f-scale', '$.display.scale', 'must be from 0.5 to 2', 'moet van 0.5 tot 2 zijn']]) {
      assert.deepEqual(at(jsonPath), [english], `the server's problems at ${jsonPath}: ${JSON.stringify(problems)}`);
      await page.waitForSelector(`${field}-error:not([hidden])`);
      const shown = await text(`${field}-error`);
      assert.ok(shown.endsWith(`: ${dutch}`), `${field} shows "${shown}", not "${dutch}"`);
      assert.equal(await page.getAttribute(field, 'aria-invalid'), 'true');
    }
    // next to the channel's target, under its label in the page's language
    const targetProblems = at(`$.sla.targets.${firstChannel}`);
    assert.ok(targetProblems.length > 0, `no problem at the channel's target: ${JSON.stringify(problems)}`);
    const targetId = await page.getAttribute(targetField, 'id');
    assert.equal(await page.getAttribute(targetField, 'aria-invalid'), 'true');
    assert.match(targetProblems[0], /^must be from 1 to \d+ \(got 0\)$/);
    assert.match(await text(`#${targetId}-error`),
      new RegExp(`^SLA-norm \\(minuten\\) – ${firstChannel}: moet van 1 tot \\d+ zijn \\(was 0\\)$`));
    // a key the page does not show: in the list, under its path
    const general = at('$.display.page_s');
    assert.ok(general.length > 0, `the server named no problem at $.display.page_s: ${JSON.stringify(problems)}`);
    assert.deepEqual(general, ['must be from 3 to 600 (got 1)']);
    assert.deepEqual(await page.locator('#config-problem-list li').allTextContents(),
      ['$.display.page_s: moet van 3 tot 600 zijn (was 1)']);
    assert.equal(await text('#config-message'), 'Niet opgeslagen: het bord heeft bezwaar tegen de gemarkeerde invoer.');
    const after = await config();
    assert.equal(after.etag, before.etag, 'a refused save changed the config');
    assert.deepEqual(after.body, before.body);
  }],
  ['a save after someone else\'s change is refused with 412 and reload shows theirs', async () => {
    await page.click('#config-reload');
    await waitText('#config-message', 'Instellingen geladen.');
    assert.equal(await page.locator('#f-interval-error').isHidden(), true, 'reload kept an old error');
    const { etag } = await config();
    const res = await fetch(new URL('/api/v1/config', BASE), {
      method: 'PATCH',
      headers: { ...authed, 'Content-Type': 'application/merge-patch+json', 'If-Match': etag },
      body: JSON.stringify({ display: { title: OTHER_TITLE } }),
    });
    assert.equal(res.status, 200);
    await page.fill('#f-title', 'Mine, saved too late');
    await page.click('#config-save');
    await waitText('#config-message', 'Iemand anders heeft de instellingen intussen gewijzigd. Laad ze opnieuw en breng je wijziging dan nog eens aan.');
    assert.equal((await config()).body.display.title, OTHER_TITLE);
    await page.click('#config-reload');
    await waitText('#config-message', 'Instellingen geladen.');
    assert.equal(await page.inputValue('#f-title'), OTHER_TITLE);
  }],
  ['an alert is acknowledged and shown as such', async () => {
    const open = (await status()).alerts.filter((a) => !a.acknowledged);
    assert.ok(open.length > 0, 'the board has no alert to ack (feed-full.json has three)');
    const id = open[0].id;
    const item = `li.alert[data-alert-id="${id}"]`;
    await page.click(`${item} button.ack`);
    await page.waitForSelector(`${item}.acked .acked-mark`);
    assert.equal(await page.locator(`${item} button.ack`).count(), 0);
    assert.equal(await text(`${item} .acked-mark`), '✓ Bevestigd');
    const alert = (await status()).alerts.find((a) => a.id === id);
    assert.equal(alert.acknowledged, true);
  }],
  ['a 429 tells the user how long to wait', async () => {
    // provoked in the browser only: the real limiter would lock this client out
    await page.route('**/api/v1/identify', (route) => route.fulfill({
      status: 429,
      headers: { 'Retry-After': '42', 'Cache-Control': 'no-store' },
      contentType: 'application/json',
      body: JSON.stringify({ error: 'too_many_requests', message: 'too many failed attempts' }),
    }));
    await page.click('#identify');
    const shown = await page.waitForFunction(() => /^Te veel mislukte pogingen\. Wacht (\d+) seconden\.$/
      .exec(document.querySelector('#notice').textContent)?.[1]);
    const seconds = Number(await shown.jsonValue());
    assert.ok(seconds > 0 && seconds <= 42, `the page says wait ${seconds} s after Retry-After: 42`);
    assert.match(await text('#identify-message'), /Wacht \d+ seconden/);
    await page.unroute('**/api/v1/identify');
  }],
  ['identify is confirmed with the server\'s duration', async () => {
    const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/identify'));
    await page.click('#identify');
    const res = await answer;
    assert.equal(res.status(), 202);
    const { seconds } = await res.json();
    await waitText('#identify-message', `Het scherm toont ${seconds} seconden zijn naam en adres.`);
    assert.equal((await status()).identify_active, true);
  }],
  ['the page logged no errors (CSP, scripts)', async () => {
    assert.deepEqual(pageErrors, []);
  }],
], close);
