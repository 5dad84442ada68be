"""A TV that is off or unplugged at power-up (issue 13): the real binary with
its first display opens failing as "no connector" (WALLBOARD_TEST_DISPLAY_FAILS,
the app's test hook) keeps running headless, polls the feed and answers the
API, then draws the board once the display appears."""

import os
import time

import harness
from harness import FIRST_FRAME_RE, UPDATED_RE, WAIT_S, write_config
from test_api import Api, decode_png

WAITING_RE = r"^wallboard: display: none yet \((.+)\); running headless, trying again every (\d+) to (\d+) s$"
CONNECTED_RE = r"^wallboard: display: connected after (\d+) attempts \((.+), (\d+)x(\d+)\)$"
FAILS = 3  # the first at start, then retries after 2, 4 and 8 s: the 4th opens
# Long enough for the retries above; only reached when the test fails.
CONNECT_WAIT_S = 120.0


def wait_until(what, check, timeout=WAIT_S):
    """Polls check() (no fixed sleeps as synchronisation: a deadline and a short
    pause between tries) until it returns something true; returns that."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError("%s: not within %.0f s" % (what, timeout))
        time.sleep(0.05)


class DisplayWaitTest(harness.ProcTestCase):

    def test_board_runs_headless_until_the_display_appears(self):
        sim = self.feedsim()
        env = dict(harness.wallboard_env(), WALLBOARD_TEST_DISPLAY_FAILS=str(FAILS))
        argv = harness.wallboard_argv(self.state_dir, sim.url, config=write_config(self.tmp))
        wb = harness.Proc("wallboard", argv, env=env)
        self.addCleanup(self.assert_clean_exit, wb)

        waiting = wb.wait_for(WAITING_RE, start=0)
        self.assertIn("no connected connector", waiting.group(1))
        self.assertEqual((waiting.group(2), waiting.group(3)), ("2", "10"))
        api = Api(wb.wait_for(harness.Wallboard.API_RE, start=0).group(1))
        wb.wait_for(UPDATED_RE, start=0)  # the fetcher polls without a display

        # Headless: alive, healthy, and saying there is no display.
        self.assertIsNone(wb.proc.poll())
        wait_until("/healthz 200 while headless",
                   lambda: api.call("GET", "/healthz", token=None)[0] == 200)
        display = api.status()["display"]
        self.assertEqual((display["connected"], display["width"], display["height"]), (False, 0, 0),
                         "status while the display is not there yet; log:\n" + wb.tail())
        # A screenshot has no frame to show: refused at once, not left hanging.
        self.assertNotEqual(api.call("GET", "/api/v1/screenshot.png")[0], 200)
        self.assertFalse(wb.seen(FIRST_FRAME_RE), "a frame was drawn without a display")
        self.assertFalse(wb.seen(CONNECTED_RE))

        connected = wb.wait_for(CONNECTED_RE, timeout=CONNECT_WAIT_S, start=0)
        self.assertEqual(int(connected.group(1)), FAILS + 1)
        self.assertEqual((connected.group(3), connected.group(4)), ("1280", "720"))
        wb.wait_for(FIRST_FRAME_RE)  # after the display line: the data it already had
        self.assertEqual(sum(1 for _, t in wb.lines if "display: none yet" in t), 1,
                         "the wait is logged once, not per retry")

        display = api.status()["display"]
        self.assertEqual((display["connected"], display["width"], display["height"]), (True, 1280, 720))
        width, height, rows = api.screenshot()
        self.assertEqual((width, height), (1280, 720))
        # The board, not a blank screen: the frame has many colours.
        colours = {row[x:x + 3] for row in rows[::8] for x in range(0, width * 3, 24)}
        self.assertGreater(len(colours), 20, "the screenshot looks blank")
        self.assertEqual(api.call("GET", "/healthz", token=None)[0], 200)


if __name__ == "__main__":
    harness.main()
