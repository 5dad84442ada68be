// The web page's update panel (issue 14) in Debian's chromium against the real
// board: what GET /api/v1/update says in words, a rollback with its reason, a
// bundle uploaded raw with its progress (202, and the board's incoming files
// hold exactly what was picked), 401 and 409 from the real server, 413 and
// 507 in words, and the install's progress while the panel polls. The test
// plays the image's root side: it writes <state-dir>/update/state.json the
// way the image's scripts do (atomically) and clears the incoming request.
// Run by run_web_test.py, which passes WB_URL, WB_TOKEN and WB_STATE_DIR.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { env, openPage, steps, waitFor } from './util.mjs';

const BASE = env('WB_URL');
const TOKEN = env('WB_TOKEN');
const UPDATE_DIR = path.join(env('WB_STATE_DIR'), 'update'); // the board's default --update-dir
const INCOMING = path.join(UPDATE_DIR, 'incoming');
const PHONE = { width: 390, height: 844 };

// Versions the way the image writes them; long enough to wrap on a phone.
const OLD = '0.5.0+409.gdeadbee';
const RUNNING = '0.5.0+412.g1a2b3c4';
const BROKEN = '0.5.0+413.g0badc0d+t2';
const NEW = '0.5.0+414.g7e57ab1+t3';
const REASON = 'slot B was tried 3 times and never became healthy (no frame drawn within 300 s); boot counter ran out';
// A dummy bundle: the board only stores it, the image's RAUC would refuse it.
const BUNDLE = crypto.randomBytes(768 * 1024);
const BUNDLE_FILE = { name: 'wallboard-test.raucb', mimeType: 'application/octet-stream', buffer: BUNDLE };
const CAP_MB = 16; // update.max_bundle_mb's minimum, for a real 413
const OVERSIZED_FILE = { ...BUNDLE_FILE, name: 'too-big.raucb', buffer: Buffer.alloc((CAP_MB + 1) * 1048576, 0x5a) };
const WORDS_413 = 'Niet geïnstalleerd: het bestand is groter dan het bord aanneemt (update.max_bundle_mb).';

// state.json as the image's scripts write it: a temp file renamed over the
// old one, so the board never reads half of one.
let written = 0;
function writeState(doc) {
  const tmp = path.join(UPDATE_DIR, `.state.json.${++written}`);
  fs.writeFileSync(tmp, JSON.stringify({ message: '', progress: 0, last: null, ...doc, updated: new Date().toISOString() }));
  fs.renameSync(tmp, path.join(UPDATE_DIR, 'state.json'));
}
const slots = (bootedVersion, otherVersion, bootable = true) => ({
  booted: { slot: 'A', version: bootedVersion },
  other: { slot: 'B', version: otherVersion, bootable },
});
const finished = (version, source, result, reason = '') =>
  ({ version, source, result, reason, finished: new Date().toISOString() });

const getUpdate = async () => {
  const res = await fetch(new URL('/api/v1/update', BASE));
  assert.equal(res.status, 200, 'GET /api/v1/update');
  return res.json();
};
// The board re-reads state.json when it changes; the panel shows it after.
const boardSays = (state) => waitFor(`GET /api/v1/update to say "${state}"`, async () => (await getUpdate()).state === state);

const { page, errors: pageErrors, close } = await openPage(chromium, 'nl-NL');

const text = (selector) => page.locator(selector).textContent();
const waitText = (selector, expected) =>
  page.waitForFunction(([sel, want]) => document.querySelector(sel)?.textContent === want, [selector, expected]);
const busy = () => page.getAttribute('#update-section', 'aria-busy');
const isUpload = (url) => new URL(url).pathname === '/api/v1/update';
const uploadAnswer = () => page.waitForResponse((r) => isUpload(r.url()) && r.request().method() === 'POST');
// Only the upload itself is rerouted: the panel's GET polls go on as they are.
const onUpload = (handler) => page.route(isUpload, (route) =>
  (route.request().method() === 'POST' ? handler(route) : route.continue()));
const pending = () => ['request.json', 'bundle.raucb'].filter((f) => fs.existsSync(path.join(INCOMING, f)));

async function connect() {
  await page.fill('#token', TOKEN);
  await page.click('#token-save');
  await waitText('#config-message', 'Instellingen geladen.');
}

await steps([
  ['with nothing from the image the panel says what GET /api/v1/update says: unknown', async () => {
    const res = await page.goto(BASE);
    assert.equal(res.status(), 200);
    await waitText('#update-heading', 'Software-update');
    const u = await getUpdate();
    assert.equal(u.state, 'unknown', 'no state.json must read as "unknown"');
    await waitText('#update-state', 'onbekend (het systeem geeft geen update-informatie)');
    // without a slot the running version alone: booted's or the firmware's own
    const version = u.booted?.version || u.version;
    const running = u.booted?.slot ? `${version} (slot ${u.booted.slot})` : version;
    await waitText('#update-booted', version ? running : '–');
    assert.equal(await text('#update-last'), 'nog geen');
    assert.equal(await busy(), 'false');
    assert.equal(await page.locator('#update-outcome').isHidden(), true);
  }],
  ['a committed update: both slots, the state and the last outcome', async () => {
    writeState({ state: 'committed', ...slots(RUNNING, OLD), last: finished(RUNNING, 'pull', 'committed') });
    await boardSays('committed');
    await waitText('#update-state', 'nieuwe versie draait en blijft');
    assert.equal(await page.getAttribute('#update-state', 'data-state'), 'committed');
    assert.equal(await text('#update-booted'), `${RUNNING} (slot A)`);
    assert.equal(await text('#update-other'), `${OLD} (slot B)`);
    assert.ok((await text('#update-last')).startsWith(`${RUNNING} (van de updateserver): geïnstalleerd en behouden, `));
    assert.equal(await page.locator('#update-outcome').isHidden(), true);
  }],
  ['a rollback is explained with its reason, and fits a 390 px phone', async () => {
    writeState({
      state: 'rolled_back', message: `rolled back from ${BROKEN}`, ...slots(RUNNING, BROKEN, false),
      last: finished(BROKEN, 'api', 'rolled_back', REASON),
    });
    await boardSays('rolled_back');
    await waitText('#update-state', 'teruggezet naar de vorige versie');
    assert.equal(await text('#update-outcome'),
      `Versie ${BROKEN} startte niet goed op; het bord is vanzelf teruggegaan naar ${RUNNING}. Reden: ${REASON}`);
    assert.equal(await page.locator('#update-outcome').isVisible(), true);
    assert.equal(await text('#update-other'), `${BROKEN} (slot B) – niet opstartbaar`);
    assert.ok((await text('#update-last')).endsWith(` – ${REASON}`), 'the last outcome lacks its reason');
    assert.equal(await text('#update-detail'), `rolled back from ${BROKEN}`);
    await page.setViewportSize(PHONE);
    // the page as a whole: the panel's neighbours share its column
    const wide = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      sticking_out: Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth)
        .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${el.className}` : ''}`),
    }));
    assert.ok(wide.page <= PHONE.width && wide.sticking_out.length === 0,
      `the page overflows a ${PHONE.width} px screen: ${JSON.stringify(wide)}`);
  }],
  ['an upload with a wrong token is refused by the board: the 401 words, nothing stored', async () => {
    await page.setViewportSize({ width: 1280, height: 720 });
    await connect();
    // the page holds the right token; it is swapped on the way out, so the
    // real server judges a wrong one
    await onUpload((route) => route.continue({
      headers: { ...route.request().headers(), authorization: 'Bearer wrong-token-0123456789abcdef' },
    }));
    await page.setInputFiles('#update-file', BUNDLE_FILE);
    const answer = uploadAnswer();
    await page.click('#update-upload');
    assert.equal((await answer).status(), 401);
    await page.unroute(isUpload);
    await waitText('#update-message', 'Niet geïnstalleerd: het beheertoken klopt niet (meer). Vul het hierboven opnieuw in.');
    assert.equal(await text('#token-message'), 'Het token klopt niet (meer). Vul het opnieuw in.');
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'a rejected token was kept');
    assert.deepEqual(pending(), [], 'a refused upload left files in incoming/');
  }],
  ['a forced upload goes raw with its progress, is answered 202, and the board holds exactly the file', async () => {
    await connect();
    await page.check('#update-force');
    assert.equal(await text('#update-force-warning'),
      'Geforceerd: de controle dat de bundel nieuwer is dan de draaiende versie vervalt. Alleen gebruiken om bewust terug te gaan naar een oudere versie; de handtekening wordt nog steeds gecontroleerd.');
    assert.equal(await page.locator('#update-force-warning').isVisible(), true);
    // every text the progress line shows, however briefly
    await page.evaluate(() => {
      window.progressSeen = [];
      const line = document.querySelector('#update-progress-text');
      new MutationObserver(() => window.progressSeen.push(line.textContent))
        .observe(line, { childList: true, characterData: true, subtree: true });
    });
    const answer = uploadAnswer();
    await page.click('#update-upload');
    const res = await answer;
    assert.equal(res.status(), 202, `POST /api/v1/update: ${await res.text()}`);
    const sent = res.request();
    assert.equal(new URL(sent.url()).searchParams.get('force'), '1');
    assert.equal(sent.headers()['content-type'], 'application/octet-stream');
    const body = await res.json();
    assert.ok(typeof body.state === 'string' && 'booted' in body, `202 without the status object: ${JSON.stringify(body)}`);
    const request = await waitFor('incoming/request.json', () => {
      const file = path.join(INCOMING, 'request.json');
      return fs.existsSync(file) && JSON.parse(fs.readFileSync(file, 'utf8'));
    });
    assert.equal(request.source, 'api');
    assert.equal(request.force, true);
    assert.equal(request.sha256, crypto.createHash('sha256').update(BUNDLE).digest('hex'));
    assert.ok(fs.readFileSync(path.join(INCOMING, request.bundle)).equals(BUNDLE), 'the stored bundle is not the file picked');
    assert.ok((await page.evaluate(() => window.progressSeen)).includes('Uploaden: 100 %'),
      'the upload progress never reached 100 %');
    assert.equal(await text('#update-message'), 'Ontvangen door het bord; de installatie begint.');
    assert.equal(await busy(), 'true', 'the panel does not follow the install');
  }],
  ['a second upload while one is pending is refused with 409 in words', async () => {
    await page.uncheck('#update-force');
    assert.equal(await page.locator('#update-force-warning').isHidden(), true);
    const answer = uploadAnswer();
    await page.click('#update-upload');
    const res = await answer;
    assert.equal(res.status(), 409);
    assert.equal(new URL(res.request().url()).searchParams.has('force'), false);
    await waitText('#update-message', 'Niet geïnstalleerd: er wordt al een update geïnstalleerd. Wacht tot die klaar is.');
  }],
  ['the install\'s progress from the image is shown, polled from GET /api/v1/update', async () => {
    writeState({ state: 'installing', message: `installing ${NEW}`, progress: 40, ...slots(RUNNING, BROKEN, false) });
    await boardSays('installing');
    // the fast poll, not the 5 s status refresh, picks it up
    const polled = await page.waitForResponse((r) => isUpload(r.url()) && r.request().method() === 'GET');
    assert.equal(polled.status(), 200);
    await waitText('#update-progress-text', 'Installeren: 40 %');
    assert.equal(await page.evaluate(() => document.querySelector('#update-progress').value), 40);
    assert.equal(await text('#update-state'), 'wordt geïnstalleerd…');
    assert.equal(await busy(), 'true');
  }],
  ['installed: the page says the board restarts into it, and follows it across the restart', async () => {
    // the image's side removes the request once RAUC has written the slot
    for (const f of pending()) fs.rmSync(path.join(INCOMING, f));
    writeState({ state: 'installed', ...slots(RUNNING, NEW) });
    await boardSays('installed');
    await waitText('#update-state', 'geïnstalleerd; het bord start opnieuw op in de nieuwe versie');
    assert.equal(await page.locator('#update-progress-box').isHidden(), true);
    assert.equal(await busy(), 'true');
    // the restart, seen from the browser: the poll finds nobody for a while
    await page.route(isUpload, (route) => route.abort('connectionrefused'));
    await waitText('#update-message', 'Het bord start opnieuw op in de nieuwe versie…');
    await page.unroute(isUpload);
    await waitText('#update-message', '');
    assert.equal(await busy(), 'true', 'the panel stopped following across the restart');
  }],
  ['trial, then committed: the outcome is shown and the fast poll ends', async () => {
    writeState({ state: 'trial', ...slots(NEW, RUNNING) });
    await boardSays('trial');
    await waitText('#update-state', 'nieuwe versie op proef (nog niet definitief)');
    assert.equal(await busy(), 'true');
    writeState({ state: 'committed', ...slots(NEW, RUNNING), last: finished(NEW, 'api', 'committed') });
    await boardSays('committed');
    await waitText('#update-state', 'nieuwe versie draait en blijft');
    await page.waitForFunction(() => document.querySelector('#update-section').getAttribute('aria-busy') === 'false');
    assert.ok((await text('#update-last')).startsWith(`${NEW} (geüpload): geïnstalleerd en behouden, `));
    assert.equal(await text('#update-booted'), `${NEW} (slot A)`);
    assert.equal(await text('#update-message'), '', 'the "received" message outlived the install');
  }],
  ['a file over update.max_bundle_mb is refused by the board with the 413 words, nothing stored', async () => {
    const authed = { Authorization: `Bearer ${TOKEN}` };
    const current = await fetch(new URL('/api/v1/config', BASE), { headers: authed });
    const res = await fetch(new URL('/api/v1/config', BASE), {
      method: 'PATCH',
      headers: { ...authed, 'Content-Type': 'application/merge-patch+json', 'If-Match': current.headers.get('ETag') },
      body: JSON.stringify({ update: { max_bundle_mb: CAP_MB } }),
    });
    assert.equal(res.status, 200, `PATCH update.max_bundle_mb: ${await res.text()}`);
    await page.click('#config-reload');
    await waitText('#config-message', 'Instellingen geladen.');
    await page.setInputFiles('#update-file', OVERSIZED_FILE);
    // the board may answer 413 before it has read the body and close the
    // connection, so the page's words are the outcome awaited, not the answer
    await page.click('#update-upload');
    await waitText('#update-message', WORDS_413);
    assert.deepEqual(pending(), [], 'a refused upload left files in incoming/');
    await page.setInputFiles('#update-file', BUNDLE_FILE);
  }],
  ['413 and 507 answered in full have words of their own', async () => {
    // provoked in the browser only: a 413 with its body read (the step above
    // may have seen the connection cut) and a full data partition
    const refusals = [
      [413, 'payload_too_large', WORDS_413],
      [507, 'insufficient_storage', 'Niet geïnstalleerd: er is niet genoeg vrije ruimte op de datapartitie van het bord voor dit bestand.'],
    ];
    for (const [status, error, words] of refusals) {
      await onUpload((route) => route.fulfill({
        status,
        headers: { 'Cache-Control': 'no-store' },
        contentType: 'application/json',
        body: JSON.stringify({ error, message: `refused with ${status}` }),
      }));
      const answer = uploadAnswer();
      await page.click('#update-upload');
      assert.equal((await answer).status(), status);
      await waitText('#update-message', words);
      await page.unroute(isUpload);
    }
  }],
  ['the panel in French and English, every text there', async () => {
    const languages = [
      ['fr-FR', 'Mise à jour du logiciel', 'la nouvelle version tourne et est conservée'],
      ['en-GB', 'Software update', 'the new version runs and is kept'],
    ];
    for (const [locale, heading, committed] of languages) {
      const other = await openPage(chromium, locale);
      try {
        await other.page.goto(BASE);
        // the page follows the board's language (nl) until one is chosen on it
        await other.page.selectOption('#page-language', locale.slice(0, 2));
        await other.page.waitForFunction((want) => document.querySelector('#update-state').textContent === want, committed);
        assert.equal(await other.page.locator('#update-heading').textContent(), heading);
        const blank = await other.page.evaluate(() => Array.from(document.querySelectorAll('[data-i18n]'))
          .filter((el) => !el.textContent.trim() || el.textContent === 'undefined').map((el) => el.dataset.i18n));
        assert.deepEqual(blank, [], `${locale}: texts missing`);
        assert.deepEqual(other.errors, [], `${locale}: the page logged errors`);
      } finally {
        await other.close();
      }
    }
  }],
  ['the page logged no errors (CSP, scripts, missing texts)', async () => {
    assert.deepEqual(pageErrors, []);
  }],
], close);
