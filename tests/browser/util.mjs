// Small helpers shared by the Node tests of the board's HTTP side: the
// environment the runner (run_web_test.py) passes, and waiting for a
// condition with a deadline that names what was awaited when it passes.

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
