"""A TV that is off or unplugged at power-up (issue 13): the real binary, with
every display open failing as "no connector" while a file exists (the app's
test hook WALLBOARD_TEST_NO_DISPLAY_WHILE), keeps running headless, polls the
feed and answers the API; once the test removes the file ("the TV comes on")
the board draws the data it already has."""

import os
import time

import harness
from harness import FIRST_FRAME_RE, UPDATED_RE, WAIT_S, write_config
from test_api import Api, decode_png

WAITING_RE = r"^wallboard: display: none yet \((.+)\); running headless, trying again every (\d+) to (\d+) s$"
CONNECTED_RE = r"^wallboard: display: connected after (\d+) attempts \((.+), (\d+)x(\d+)\)$"
# Retries back off to every 10 s: long enough for one more; only reached when
# the test fails.
CONNECT_WAIT_S = 60.0


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
        tv_off = os.path.join(self.tmp, "tv-off")
        open(tv_off, "w").close()
        env = dict(harness.wallboard_env(), WALLBOARD_TEST_NO_DISPLAY_WHILE=tv_off)
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

        os.unlink(tv_off)  # the TV comes on
        connected = wb.wait_for(CONNECTED_RE, timeout=CONNECT_WAIT_S, start=0)
        self.assertGreaterEqual(int(connected.group(1)), 2)
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
