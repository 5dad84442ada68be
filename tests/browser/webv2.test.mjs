// The web page's v2 sections in Debian's chromium against the real board:
// the page's language (the board's by default, then the one chosen, kept),
// device info, the channel table's round trip (hide, reorder, a target and
// an amber share: the PUT the board receives and GET afterwards), the
// weekly hours of the board and of a channel, the screen schedule, an alert
// rule, the attainment thresholds, times in the board's zone, the feed test
// for a good and a bad URL, the recent log, and a 390 px phone.
// Run by run_web_test.py, which passes WB_URL, WB_TOKEN and WB_FEED_TOKEN.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { env, openPage, steps, waitFor } from './util.mjs';

const BASE = env('WB_URL');
const TOKEN = env('WB_TOKEN');
const FEED_TOKEN = env('WB_FEED_TOKEN');
const PHONE = { width: 390, height: 844 };
// the config's one description, for the rule kinds' keys and ranges
const SCHEMA = JSON.parse(fs.readFileSync(path.join(path.dirname(env('WB_SPEC')), 'config.schema.json'), 'utf8'));

const authed = { Authorization: `Bearer ${TOKEN}` };
const getJson = async (p, headers = {}) => {
  const res = await fetch(new URL(p, BASE), { headers });
  assert.equal(res.status, 200, `GET ${p}`);
  return res.json();
};
const status = () => getJson('/api/v1/status');
const config = () => getJson('/api/v1/config', authed);

// An English browser: the page must still start in the board's language.
const { page, errors: pageErrors, close } = await openPage(chromium, 'en-GB');
const text = (selector) => page.locator(selector).textContent();
const waitText = (selector, expected) =>
  page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want, [selector, expected]);
const row = (id) => `#channel-rows tr[data-channel="${id}"]`;

// Saves the form; resolves with the body of the PUT the board received.
async function save() {
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/config') && r.method() === 'PUT');
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/config') && r.request().method() === 'PUT');
  await page.click('#config-save');
  const body = JSON.parse((await sent).postData());
  const res = await answer;
  return { body, status: res.status(), answer: await res.json() };
}

async function saveOk() {
  const r = await save();
  assert.equal(r.status, 200, JSON.stringify(r.answer));
  await waitText('#config-message', 'Saved and applied.');
  return r.body;
}

// HH:MM of a moment in a zone, as en-GB writes it.
const hhmm = (date, timeZone) => date.toLocaleTimeString('en-GB', { timeZone, hour: '2-digit', minute: '2-digit' });

let ids; // the feed's channels, in its order

await steps([
  ['the page starts in the board\'s language, not the browser\'s', async () => {
    await page.goto(BASE);
    const st = await status();
    ids = Object.keys(st.trend_hours);
    assert.ok(ids.length >= 4, `feed-full.json has channels: ${ids}`);
    assert.equal(st.display.language, 'nl');
    await page.waitForFunction(() => document.documentElement.lang === 'nl');
    assert.equal(await text('#device-heading'), 'Apparaat');
    assert.equal(await page.inputValue('#page-language'), 'nl');
  }],
  ['a language chosen on the page changes every text and is remembered', async () => {
    await page.selectOption('#page-language', 'fr');
    await waitText('#device-heading', 'Appareil');
    assert.equal(await text('#log-heading'), 'Journal récent');
    assert.equal(await page.getAttribute('html', 'lang'), 'fr');
    await page.selectOption('#page-language', 'en');
    await waitText('#device-heading', 'Device');
    assert.equal(await text('#channels-fieldset legend'), 'Channels');
    assert.equal(await page.evaluate(() => localStorage.getItem('wallboard.page-language')), 'en');
    await page.reload();
    await page.waitForFunction(() => document.querySelector('#dev-version').textContent !== '–');
    assert.equal(await text('#device-heading'), 'Device', 'the choice did not survive a reload');
    // every text has a value in each language (the page logs a missing one)
    for (const code of ['nl', 'fr', 'en']) {
      await page.selectOption('#page-language', code);
      const blank = await page.evaluate(() => Array.from(document.querySelectorAll('[data-i18n]'))
        .filter((node) => !node.textContent.trim()).map((node) => node.dataset.i18n));
      assert.deepEqual(blank, [], `${code}: texts missing`);
    }
  }],
  ['the device: name, host name, addresses, version and uptime', async () => {
    const st = await status();
    const device = st.device || {};
    await waitText('#dev-name', device.name || st.name);
    assert.equal(await text('#dev-hostname'), device.hostname || st.hostname);
    assert.equal(await text('#dev-version'), device.version || st.version);
    const shown = await text('#dev-addresses');
    for (const a of st.addresses) assert.ok(shown.includes(a), `${a} not in "${shown}"`);
    assert.match(await text('#dev-uptime'), /^\d+ h \d+ min$/);
  }],
  ['the token loads the settings, the channel table and the log', async () => {
    await page.fill('#token', TOKEN);
    await page.click('#token-save');
    await waitText('#config-message', 'Settings loaded.');
    await page.waitForSelector(`${row(ids[0])} input.target`);
    assert.deepEqual(await page.locator('#channel-rows tr:not(.channel-hours)').evaluateAll(
      (rows) => rows.map((r) => r.dataset.channel)), ids);
    assert.equal(await page.locator('#channel-rows input.show:checked').count(), ids.length);
    await page.waitForFunction(() => document.querySelectorAll('#log-lines li').length > 0);
  }],
  ['the channel table: hide one, move one up, a target and an amber share', async () => {
    await page.uncheck(`${row(ids[1])} input.show`);
    await page.click(`${row(ids[3])} button.up`);
    await page.fill(`${row(ids[0])} input.target`, '15');
    await page.fill(`${row(ids[0])} input.amber`, '60');
    const order = [ids[0], ids[1], ids[3], ids[2], ...ids.slice(4)];
    assert.deepEqual(await page.locator('#channel-rows tr:not(.channel-hours)').evaluateAll(
      (rows) => rows.map((r) => r.dataset.channel)), order);
    const shown = order.filter((id) => id !== ids[1]);
    const body = await saveOk();
    assert.deepEqual(body.display.channels, shown);
    assert.deepEqual(body.sla.targets, { [ids[0]]: 900 });
    assert.deepEqual(body.sla.warn_ratios, { [ids[0]]: 0.6 });
    const saved = await config();
    assert.deepEqual(saved.display.channels, shown);
    assert.deepEqual(saved.sla.targets, { [ids[0]]: 900 });
    assert.deepEqual(saved.sla.warn_ratios, { [ids[0]]: 0.6 });
    // read back: the shown ones in their order, then the hidden one
    await page.click('#config-reload');
    await waitText('#config-message', 'Settings loaded.');
    assert.deepEqual(await page.locator('#channel-rows tr:not(.channel-hours)').evaluateAll(
      (rows) => rows.map((r) => r.dataset.channel)), [...shown, ids[1]]);
    assert.equal(await page.isChecked(`${row(ids[1])} input.show`), false);
    assert.equal(await page.inputValue(`${row(ids[0])} input.target`), '15');
    assert.equal(await page.inputValue(`${row(ids[0])} input.amber`), '60');
  }],
  ['the opening hours grid, for the board and for one channel', async () => {
    await page.uncheck('#hours-editor input.always');
    await page.fill('#hours-editor input[data-day="mon"]', '08:00-17:00');
    await page.fill('#hours-editor input[data-day="sat"]', '10:00-12:00, 13:00-14:00');
    await page.check(`${row(ids[2])} input.own-hours`);
    const own = `tr.channel-hours[data-channel="${ids[2]}"]`;
    await page.fill(`${own} input[data-day="fri"]`, '09:00-12:00');
    const body = await saveOk();
    const closed = { tue: [], wed: [], thu: [], fri: [], sun: [] };
    assert.deepEqual(body.sla.hours, { mon: ['08:00-17:00'], sat: ['10:00-12:00', '13:00-14:00'], ...closed });
    const saved = await config();
    assert.deepEqual(saved.sla.hours.mon, ['08:00-17:00']);
    assert.deepEqual(saved.sla.hours.sat, ['10:00-12:00', '13:00-14:00']);
    assert.deepEqual(saved.sla.channel_hours[ids[2]].fri, ['09:00-12:00']);
    assert.deepEqual(saved.sla.channel_hours[ids[2]].mon, ['08:00-17:00']);
  }],
  ['a bad interval gets the board\'s message under the day\'s label', async () => {
    await page.fill('#hours-editor input[data-day="tue"]', '25:00-26:00');
    const r = await save();
    assert.equal(r.status, 422);
    const problem = r.answer.problems.find((p) => p.path.startsWith('$.sla.hours.tue'));
    assert.ok(problem, JSON.stringify(r.answer.problems));
    const id = await page.getAttribute('#hours-editor input[data-day="tue"]', 'id');
    await waitText(`#${id}-error`, `Opening hours (every channel without its own) – Tuesday: ${problem.message}`);
    await page.fill('#hours-editor input[data-day="tue"]', '');
  }],
  ['the screen schedule', async () => {
    await page.uncheck('#schedule-editor input.always');
    for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) {
      await page.fill(`#schedule-editor input[data-day="${day}"]`, '07:00-19:00');
    }
    await page.check('#f-wake');
    await saveOk();
    const saved = await config();
    assert.deepEqual(saved.screen.on.mon, ['07:00-19:00']);
    assert.deepEqual(saved.screen.on.fri, ['07:00-19:00']);
    assert.deepEqual(saved.screen.on.sat ?? [], []);
    assert.equal(saved.screen.wake_on_critical, true);
  }],
  ['an alert rule in plain words', async () => {
    assert.equal(await page.locator('#rules li').count(), 0);
    await page.click('#rule-add');
    const rule = '#rules li:last-child';
    await page.selectOption(`${rule} select.kind`, 'negative_spike');
    assert.equal(await page.locator(`${rule} label`, { hasText: 'Critical from this many times the usual number' }).count(), 1);
    await page.selectOption(`${rule} select.channel`, ids[0]);
    await page.fill(`${rule} input[data-key="raise_factor"]`, '4');
    await page.fill(`${rule} input[data-key="hold_s"]`, '20');
    const body = await saveOk();
    assert.deepEqual(body.alerts.rules, [{ kind: 'negative_spike', channel: ids[0], raise_factor: 4, hold_s: 1200 }]);
    const saved = (await config()).alerts.rules;
    assert.equal(saved.length, 1);
    assert.equal(saved[0].kind, 'negative_spike');
    assert.equal(saved[0].raise_factor, 4);
    assert.equal(saved[0].hold_s, 1200);
    await waitText(`${rule} input[data-key="hold_s"]`, '');
    assert.equal(await page.inputValue(`${rule} input[data-key="hold_s"]`), '20');
  }],
  ['every rule kind offers the schema\'s keys with its ranges', async () => {
    const rule = '#rules li:last-child';
    for (const kind of SCHEMA.properties.alerts.properties.rules.items.oneOf) {
      const name = kind.properties.kind.const;
      await page.selectOption(`${rule} select.kind`, name);
      const shown = await page.locator(`${rule} input[data-key]`).evaluateAll((inputs) =>
        inputs.map((i) => ({ key: i.dataset.key, min: Number(i.min), max: Number(i.max) })));
      const keys = Object.keys(kind.properties).filter((k) => !['kind', 'channel'].includes(k));
      assert.deepEqual(shown.map((s) => s.key).sort(), keys.sort(), `${name}: keys`);
      for (const { key, min, max } of shown) {
        const spec = kind.properties[key];
        // keys in seconds are shown in minutes
        const unit = key.endsWith('_s') ? 60 : 1;
        assert.equal(max * unit, spec.maximum, `${name}.${key}: max`);
        if (spec.minimum !== undefined) assert.equal(min * unit, spec.minimum, `${name}.${key}: min`);
        else assert.ok(min > spec.exclusiveMinimum && min <= spec.maximum, `${name}.${key}: min ${min}`);
      }
    }
    await page.click('#config-reload');
    await waitText('#config-message', 'Settings loaded.');
  }],
  ['the attainment thresholds', async () => {
    await page.fill('#f-good', '85');
    await page.fill('#f-fair', '60');
    await saveOk();
    assert.deepEqual((await config()).sla.attainment, { good_pct: 85, fair_pct: 60 });
    await page.fill('#f-fair', '95'); // above green: the board refuses it
    const r = await save();
    assert.equal(r.status, 422);
    const [problem] = r.answer.problems;
    assert.ok(problem.path.startsWith('$.sla.attainment'), JSON.stringify(r.answer.problems));
    await page.waitForFunction((message) => Array.from(document.querySelectorAll('#config-form .field-error:not([hidden])'))
      .some((box) => box.textContent.startsWith('Attainment') && box.textContent.endsWith(message)), problem.message);
    await page.click('#config-reload');
    await waitText('#config-message', 'Settings loaded.');
    assert.equal(await page.inputValue('#f-fair'), '60');
  }],
  ['each setting says where it comes from: the config file, or this screen', async () => {
    // run_web_test.py's config file sets the title; the attainment was just
    // saved on this screen; the language is at its default.
    const note = (selector) => page.locator(selector).locator('xpath=ancestor::*[contains(@class,"field")][1]')
      .locator('.layer-note');
    await page.waitForFunction(() => document.querySelectorAll('#config-form .layer-note').length > 0);
    assert.equal(await note('#f-title').getAttribute('data-layer'), 'file');
    assert.equal(await note('#f-title').textContent(), 'from the config file');
    assert.equal(await note('#f-good').getAttribute('data-layer'), 'device');
    assert.equal(await note('#f-language').count(), 0, 'a setting at its default has no note');
    const sources = await getJson('/api/v1/config/sources', authed);
    assert.equal(sources.sources['display.title'], 'file');
    assert.equal(sources.sources['sla.attainment'], 'device');
    assert.match(await text('#layers-order'), /^What overrides what: defaults < config file/);
  }],
  ['times are shown in the board\'s zone, not the browser\'s', async () => {
    await page.fill('#f-time-zone', 'Asia/Tokyo');
    await saveOk();
    await waitFor('the board time in Tokyo', async () => {
      const shown = await text('#dev-time');
      const now = new Date();
      return shown.endsWith('(Asia/Tokyo)')
        && [hhmm(now, 'Asia/Tokyo'), hhmm(new Date(now.getTime() - 60000), 'Asia/Tokyo')].some((x) => shown.includes(x))
        && !shown.includes(hhmm(now, 'Europe/Amsterdam'));
    });
    const last = (await status()).feed.last_success;
    await waitFor('the last success in Tokyo time', async () => {
      await page.evaluate(() => 0);
      const shown = await text('#feed-last-success');
      return shown.includes(hhmm(new Date(last), 'Asia/Tokyo')) ? shown : null;
    });
  }],
  ['the feed test: the saved feed works, a wrong URL is named in words', async () => {
    await page.click('#feed-test');
    await page.waitForFunction(() => document.querySelector('#feed-test-result').dataset.ok === 'true');
    assert.match(await text('#feed-test-result'), new RegExp(`^OK: ${ids.length} channels, data of .+\\.$`));
    const url = await page.inputValue('#f-url');
    await page.fill('#f-url', `${url}-nope`);
    await page.click('#feed-test');
    await page.waitForFunction(() => document.querySelector('#feed-test-result').dataset.ok === 'false');
    assert.equal(await text('#feed-test-result'), 'Failed: Feed not found (404): check feed.url');
    // in the page's language
    await page.selectOption('#page-language', 'nl');
    await page.click('#feed-test');
    await waitText('#feed-test-result', 'Niet gelukt: Feed niet gevonden (404): controleer feed.url');
    await page.selectOption('#page-language', 'en');
    assert.equal((await config()).feed.url, url, 'a test changed the saved URL');
    await page.fill('#f-url', url);
  }],
  ['the recent log lines, refreshed, without secrets', async () => {
    await page.click('#log-refresh');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#log-lines li'))
      .some((li) => li.textContent.includes('feed: tested from')));
    const lines = await page.locator('#log-lines li').allTextContents();
    assert.ok(lines.some((l) => l.includes('config: saved from')), 'no save in the log');
    for (const line of lines) {
      assert.ok(!line.includes(TOKEN) && !line.includes(FEED_TOKEN), `a secret in the log: ${line}`);
    }
    assert.match(await text('#log-message'), /^\d+ lines, the newest at the bottom\.$/);
  }],
  ['the page fits a 390 px phone, every section open', async () => {
    await page.check(`${row(ids[0])} input.own-hours`);
    await page.setViewportSize(PHONE);
    const wide = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      sticking_out: Array.from(document.querySelectorAll('body *'))
        .filter((node) => node.getBoundingClientRect().right > window.innerWidth)
        .map((node) => `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${node.className ? `.${node.className}` : ''}`),
    }));
    assert.ok(wide.page <= PHONE.width && wide.sticking_out.length === 0,
      `the page overflows a 390 px screen: ${JSON.stringify(wide)}`);
  }],
  ['the page logged no errors (CSP, scripts, missing texts)', async () => {
    assert.deepEqual(pageErrors, []);
  }],
], close);
