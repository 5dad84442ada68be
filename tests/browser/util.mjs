// Small helpers shared by the Node tests of the board's HTTP side: the
// environment the runner (run_web_test.py) passes, waiting for a condition
// with a deadline that names what was awaited when it passes, and Debian's
// chromium with a page that records its own errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const WAIT_MS = 20000; // only ever reached when a test fails

export function env(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set: run this through tests/browser/run_web_test.py`);
    process.exit(2);
  }
  return value;
}

// Polls fn (sync or async) until it returns a truthy value, which it returns.
// The last value and error go into the failure message.
export async function waitFor(what, fn, timeoutMs = WAIT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const detail = lastError ? ` (last error: ${lastError.message})` : ` (last value: ${JSON.stringify(last)})`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

// Runs named steps in order, printing each; the first failure ends the run
// with status 1 after cleanup.
export async function steps(list, cleanup) {
  let failed = false;
  for (const [name, fn] of list) {
    try {
      await fn();
      console.log(`ok      ${name}`);
    } catch (e) {
      console.log(`FAIL    ${name}\n${e.stack || e}`);
      failed = true;
      break;
    }
  }
  if (cleanup) await cleanup();
  process.exit(failed ? 1 : 0);
}

// What the tests provoke on purpose, as chromium logs it: 4xx answers, the
// update test's 507 and its board that restarts (refused connections).
const PROVOKED = /^Failed to load resource: (the server responded with a status of (4\d\d|507)|net::ERR_CONNECTION_REFUSED)/;

// Debian's chromium (never a downloaded one) in its own throwaway profile,
// with the browser language `locale` (the page picks its texts from it).
// Anything the page logs as an error (a CSP violation, an uncaught
// exception, a missing text) lands in `errors`; what the tests provoke on
// purpose is logged by chromium too and is left out (PROVOKED).
// close() ends the browser and removes the profile. playwright's chromium is
// passed in so that the API test, which drives no browser, never loads it.
export async function openPage(chromium, locale) {
  const profile = fs.mkdtempSync(path.join(process.env.WB_TMP || os.tmpdir(), 'chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.WB_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale,
    timeout: WAIT_MS,
  });
  context.setDefaultTimeout(WAIT_MS);
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !PROVOKED.test(msg.text())) {
      errors.push(`console: ${msg.text()}`);
    }
  });
  const close = async () => {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { page, errors, close };
}
